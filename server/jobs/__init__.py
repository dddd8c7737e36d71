"""Background work: recorded clips analysed into sessions (the job runner and its checks),
in the server's own process or on `formcheck worker`s through Redis, with leases that
tell a dead holder's jobs from a live one's."""
