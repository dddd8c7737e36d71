"""A patient's progress across sessions for the therapist: adherence against the plan
(`build`, a week and a day at a time), each exercise's series over time, and the flags
the therapist sees first (`flags`, every threshold in `FlagRules`); plots (`plots`)."""
