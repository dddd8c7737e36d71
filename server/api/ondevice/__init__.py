"""On-device pose (issue 16): the files the page's pose landmarker and breathing probes
need, served from our own origin (`files`), and what the page runs them with (`config`)."""
