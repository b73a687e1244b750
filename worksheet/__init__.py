"""worksheet: fact-checking worksheets and trackers from an article and its claims."""

__version__ = "0.1.0"
