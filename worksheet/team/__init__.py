"""Team review: reviewers' copies merged into one tracker, second checks, history, diff."""
