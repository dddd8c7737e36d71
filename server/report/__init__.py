"""The session report: one typed value (`model`, built by `build`), shown as one HTML
page (`page`, also the PDF's source), a PDF (`pdf`), a CSV and JSON (`tables`)."""
