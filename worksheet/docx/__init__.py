"""The Word documents: the worksheet a reviewer works through, and the finished report."""
