"""A patient's export (GDPR art. 15 and 20): one zip with `formcheck-export.json`
(every row of theirs, `server.store.privacy.rows`, and the audit entries about them) and
each session's report, as JSON and (unless asked not to) as PDF.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

from server.api.records.reports import report_source
from server.protocol.patients import AuditEntryWire
from server.report.build import build_report
from server.report.pdf import render_pdf
from server.store.jobs import JobStore
from server.store.privacy.rights import PatientData
from server.store.recording import SessionStore
from server.store.users import User
from server.store.workouts import WorkoutStore

__all__ = ["EXPORT_JSON", "ExportStores", "export_archive", "export_filename"]

EXPORT_JSON = "formcheck-export.json"
_ABOUT = [
    "Every row of this patient's data in Formcheck, by table; never video (none is kept).",
    "Times are epoch milliseconds (UTC). frames.landmarks: base64 of a 33x7 float32 table "
    "(x y z image 0-1, x y z world metres, visibility per joint).",
    "Left out: the password hash and the hashes of login, sign-in and resume tokens.",
    "reports/: each session's report (JSON, and PDF), in the patient's language.",
]


@dataclass(frozen=True, slots=True)
class ExportStores:
    data: PatientData
    sessions: SessionStore
    workouts: WorkoutStore
    jobs: JobStore


def export_filename(patient: User) -> str:
    return f"formcheck-patient-{patient.id}.zip"


def export_archive(
    stores: ExportStores, patient: User, exported_ms: int, *, pdf: bool = True
) -> bytes:
    """The zip's bytes (built in memory: a patient's data is some megabytes), made at
    `exported_ms`."""
    tables = stores.data.rows(patient)
    # the audit log as its route serves it (one writer of an entry: AuditEntryWire)
    audit = [
        AuditEntryWire.of(e).model_dump(mode="json") for e in stores.data.audit_entries(patient)
    ]
    document = {"about": _ABOUT, "exported_ms": exported_ms, "patient_id": patient.id} | {
        "tables": tables | {"audit_log": audit}
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(EXPORT_JSON, json.dumps(document, indent=1, ensure_ascii=False))
        for row in tables.get("sessions", []):
            record = stores.sessions.get(str(row["id"]))
            if record is None:  # erased meanwhile
                continue
            source = report_source(stores.sessions, stores.workouts, stores.jobs, record)
            report = build_report(source, patient.language)
            name = f"reports/{record.id}"
            archive.writestr(
                f"{name}.json", json.dumps(report.to_json().model_dump(mode="json"), indent=1)
            )
            if pdf:
                archive.writestr(f"{name}.pdf", render_pdf(report))
    return out.getvalue()
