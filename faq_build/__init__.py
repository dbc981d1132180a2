"""faq_build: content/ -> load -> validate -> resolve -> render -> write -> docs/ + site/."""

__version__ = "0.1.0"
