"""HTML articles: a standalone, accessible page per document and locale."""

from translator.article.page import Alternate, PageOptions, default_css, render_article
from translator.article.safety import escape_added_markup

__all__ = ["Alternate", "PageOptions", "default_css", "escape_added_markup", "render_article"]
