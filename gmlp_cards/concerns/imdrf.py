"""IMDRF adverse-event terms a software or AI device's reports are coded with (a pure data table).

Source: IMDRF Adverse Event Terminology (IMDRF/AE WG/N43), the annex files of release 2023:
Annex A "Medical Device Problem" (Release Number 2023, approved 31 January 2023), Annex E "Health
Effects - Clinical Signs, Symptoms and Conditions" and Annex F "Health Effects - Health Impact".
Codes and terms are copied exactly (American spelling, as IMDRF writes them) and were checked
against a machine-readable transcription of those annex files dated 28 February 2023
(github.com/erroronline1/qualitymanagement, assistant/library/module.data/
regulatorytools.data.imdrf.annex.{a,e,f}.js).

Shipped here: the Annex A terms about output, software, data, communication, labelling, user
interface and use that a software device can show, the catch-all A24-A27 and the Annex E and F
terms a wrong or missing output can lead to (misdiagnosis, delayed diagnosis or treatment,
serious public health threat). Terms IMDRF marks "not selectable" are left out. To add a term,
copy it from the same release and keep the release named here in step with the table.
"""

from __future__ import annotations

from dataclasses import dataclass

TERMINOLOGY = "IMDRF AET (IMDRF/AE WG/N43), release 2023: Annexes A, E and F"

ANNEX_TITLES: dict[str, str] = {
    "A": "Annex A: medical device problem",
    "E": "Annex E: clinical signs, symptoms and conditions",
    "F": "Annex F: health impact",
}


@dataclass(frozen=True)
class Term:
    """One IMDRF term: its code (e.g. A090803) and its words (e.g. False Negative Result)."""

    code: str
    term: str

    @property
    def annex(self) -> str:
        """The annex letter the code belongs to (its first character)."""
        return self.code[0]

    @property
    def label(self) -> str:
        """How the desk lists it: "A090803 - False Negative Result"."""
        return f"{self.code} - {self.term}"


TERMS: tuple[Term, ...] = (
    Term("A09", "Output Problem"),
    Term("A0902", "Display or Visual Feedback Problem"),
    Term("A090201", "Device Displays Incorrect Message"),
    Term("A090203", "Erratic or Intermittent Display"),
    Term("A090204", "Image Display Error/Artifact"),
    Term("A090206", "No Display/Image"),
    Term("A090208", "Poor Quality Image"),
    Term("A0907", "No Device Output"),
    Term("A0908", "Incorrect, Inadequate or Imprecise Result or Readings"),
    Term("A090803", "False Negative Result"),
    Term("A090804", "False Positive Result"),
    Term("A090805", "Incorrect Measurement"),
    Term("A090806", "Non Reproducible Results"),
    Term("A090811", "Unable to Obtain Readings"),
    Term("A090812", "Missing Test Results"),
    Term("A090813", "Erratic Results"),
    Term("A11", "Computer Software Problem"),
    Term("A1101", "Application Network Problem"),
    Term("A1102", "Application Program Problem"),
    Term("A110201", "Application Program Freezes, Becomes Nonfunctional"),
    Term("A110202", "Application Program Problem: Dose Calculation Error"),
    Term("A110203", "Application Program Problem: Medication Error"),
    Term("A110204", "Application Program Problem: Parameter Calculation Error"),
    Term("A110205", "Application Program Problem: Power Calculation Error"),
    Term("A110206", "Application Program Version or Upgrade Problem"),
    Term("A110207", "Problem with Software Installation"),
    Term("A110208", "Unintended Application Program Shut Down"),
    Term("A1103", "Program or Algorithm Execution Problem"),
    Term("A110301", "Delayed Program or Algorithm Execution"),
    Term("A110302", "Intermittent Program or Algorithm Execution"),
    Term("A110303", "Program or Algorithm Execution Failure"),
    Term("A1104", "Computer Operating System Problem"),
    Term("A110401", "Operating System Becomes Nonfunctional"),
    Term("A110402", "Operating System Version or Upgrade Problem"),
    Term("A1105", "Computer System Security Problem"),
    Term("A110501", "Application Security Problem"),
    Term("A110502", "Unauthorized Access to Computer System"),
    Term("A1106", "Data Back-Up Problem"),
    Term("A110601", "Failure to Back-Up"),
    Term("A110602", "Failure to Convert to Back-Up"),
    Term("A1107", "Data Problem"),
    Term("A110701", "Loss of Data"),
    Term("A110702", "Patient Data Problem"),
    Term("A1108", "Date/Time-Related Software Problem"),
    Term("A13", "Communication or Transmission Problem"),
    Term("A1301", "Failure to Read Input Signal"),
    Term("A1302", "Failure to Transmit Record"),
    Term("A1303", "Intermittent Communication Failure"),
    Term("A17", "Compatibility Problem"),
    Term("A20", "Installation-Related Problem"),
    Term("A21", "Labelling, Instructions for Use or Training Problem"),
    Term("A2101", "Device Markings/Labelling Problem"),
    Term("A210103", "Inaccurate Information"),
    Term("A210104", "Unclear Information"),
    Term("A210105", "Missing Information"),
    Term("A2103", "Inadequate Instructions for Healthcare Professional"),
    Term("A2104", "Inadequate Instructions for Non-Healthcare Professional"),
    Term("A2105", "Inadequate or Insufficient Training"),
    Term("A22", "Human-Device Interface Problem"),
    Term("A2202", "Device Difficult to Program or Calibrate"),
    Term("A2204", "Inadequate User Interface"),
    Term("A23", "Use of Device Problem"),
    Term("A2302", "Use of Incorrect Control/Treatment Settings"),
    Term("A2303", "Improper or Incorrect Procedure or Method"),
    Term("A2304", "Off-Label Use"),
    Term("A24", "Adverse Event Without Identified Device or Use Problem"),
    Term("A25", "No Apparent Adverse Event"),
    Term("A26", "Insufficient Information"),
    Term("A27", "Appropriate Term/Code Not Available"),
    Term("E020201", "Anxiety"),
    Term("E020203", "Distress"),
    Term("E2401", "Insufficient Information"),
    Term("E2402", "Appropriate Term / Code Not Available"),
    Term("E2403", "No Clinical Signs, Symptoms or Conditions"),
    Term("F02", "Death"),
    Term("F04", "Delay to Diagnosis"),
    Term("F05", "Delay to Treatment/ Therapy"),
    Term("F07", "Exacerbation of Existing Condition"),
    Term("F08", "Hospitalization or Prolonged Hospitalization"),
    Term("F10", "Inadequate/Inappropriate Treatment or Diagnostic Exposure"),
    Term("F1001", "Absence of Treatment"),
    Term("F1006", "Inadequate Treatment/Disease Progression"),
    Term("F11", "Minor Injury/ Illness / Impairment"),
    Term("F12", "Serious Injury/ Illness/ Impairment"),
    Term("F1203", "Life Threatening Illness or Injury"),
    Term("F13", "Misdiagnosis/ Misclassification"),
    Term("F14", "Prolonged Episode of Care"),
    Term("F20", "Serious Public Health Threat"),
    Term("F21", "Unexpected Deterioration"),
    Term("F22", "Unexpected Diagnostic Intervention"),
    Term("F2203", "Imaging Required"),
    Term("F23", "Unexpected Medical Intervention"),
    Term("F24", "Insufficient Information"),
    Term("F25", "Unanticipated Adverse Device Effect"),
    Term("F26", "No Health Consequences or Impact"),
    Term("F27", "No Patient Involvement"),
    Term("F28", "Appropriate Term/code Not Available"),
)

_BY_CODE: dict[str, Term] = {t.code: t for t in TERMS}


class UnknownCode(ValueError):
    """A code that is not in the shipped list (mistyped, or from another release)."""


def term(code: str) -> Term:
    """The shipped term with this code; UnknownCode names the code when there is none."""
    found = _BY_CODE.get(code)
    if found is None:
        raise UnknownCode(f"{code!r} is not an IMDRF code in the shipped list ({TERMINOLOGY})")
    return found


def check_codes(codes: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The codes, each checked against the shipped list, without repeats, in the list's order."""
    wanted = set(codes)
    unknown = sorted(wanted - _BY_CODE.keys())
    if unknown:
        raise UnknownCode(
            f"not IMDRF codes in the shipped list ({TERMINOLOGY}): {', '.join(map(repr, unknown))}"
        )
    return tuple(t.code for t in TERMS if t.code in wanted)


def in_list_order(codes: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Stored codes in the shipped list's order; a code no longer shipped is kept, last, not dropped."""
    wanted = set(codes)
    return tuple(t.code for t in TERMS if t.code in wanted) + tuple(sorted(wanted - _BY_CODE.keys()))


def terms_of_annex(annex: str) -> tuple[Term, ...]:
    """The shipped terms of one annex ("A", "E" or "F"), in the table's order."""
    return tuple(t for t in TERMS if t.annex == annex)
