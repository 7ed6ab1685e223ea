"""translator: keep a Markdown article and its translations in sync through gettext catalogs.

Data flows one way: source text → :class:`Document` (segments) → template catalog (POT) →
one PO per locale (update, translations, checks) → rendered Markdown.
"""

__version__ = "0.1.0"
