"""The routes over one patient's records: the therapist's patient list and sign-in links
(patients), the programme (therapist), session reports, recorded clips and their jobs
(uploads), and the intake. Access is the session's: the patient, or their therapist."""
