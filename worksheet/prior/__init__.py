"""Has this been checked before? Earlier fact-checks (ClaimReview) matched to claims."""
