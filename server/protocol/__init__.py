"""The wire: one frozen type per WebSocket message and per HTTP answer, the close and
error codes, and the one error answer (see the README, "One protocol")."""
