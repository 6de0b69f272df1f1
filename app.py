"""GMLP Cards: the Streamlit entry point. Declares the pages; each page is thin wiring over gmlp_cards."""

import streamlit as st

st.set_page_config(page_title="GMLP Cards", page_icon="📋", layout="wide")

# A flat list: Streamlit's sectioned sidebar markup fails axe's list rules (STREAMLIT_NOTES.md).
# The URL paths are a public contract: clinicians paste them into protocols and QR labels.
PAGES = [
    st.Page("pages/catalog.py", title="Device catalog", icon="🗂️", default=True),
    st.Page("pages/device.py", title="Device information", icon="📄", url_path="device"),
    st.Page("pages/patient.py", title="For patients", icon="🧑", url_path="patient"),
    st.Page("pages/compare.py", title="Compare versions", icon="🔀", url_path="compare"),
    st.Page("pages/report.py", title="Report a concern", icon="✉️", url_path="report"),
    st.Page("pages/desk.py", title="Manufacturer desk", icon="🗃️", url_path="desk"),
    st.Page("pages/publish.py", title="Publish versions", icon="📤", url_path="publish"),
]

st.navigation(PAGES).run()
