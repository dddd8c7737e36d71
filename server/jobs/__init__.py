"""Background work: recorded clips analysed into sessions (the job runner and its checks)."""
