"""Ofsted's Annex A lists 8 (children in care) and 9 (care leavers): their columns as Ofsted names them, and the
ones the portal reads. Headings are matched after folding case and spaces ("Date of Last Social Work Visit" and
"date of last social work  visit" are one), and a column may go by more than one name (the 2024 list 9 adds
UASC, Personal Adviser, Latest Pathway Plan and Latest Contact, which councils head in several ways)."""
import re

LIST_8_COLUMNS = [
    "Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
    "Does the Child have a Disability", "Date Started to be Looked After", "Child's Category of Need",
    "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
    "Start date of current legal status", "Child's Legal Status", "Date of Latest Statutory Review",
    "Date of Last Social Work Visit", "What is the permanence plan for this child?",
    "Date of Last IRO Visit / Contact to the Child", "Date of Last Health Assessment", "Date of Last Dental Check",
    "Number of Placements in the Last 12 months", "Date Ceased to be Looked After",
    "Reason Ceased to be Looked After", "Start Date of Most Recent Placement", "Placement Type",
    "Placement Provider", "Placement postcode", "URN of Placement", "Placement Location", "LA of Placement",
    "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
    "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
    "Was the child offered a Return Interview after their last missing episode (Y/N)?",
    "Did the child accept a Return Interview after their last missing episode (Y/N)?",
    "Allocated Team", "Allocated Worker",
]
LIST_9_COLUMNS = [
    "Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
    "Does the Child have a Disability", "Allocated Team", "Allocated Worker", "Eligibility Category",
    "LA in Touch", "Type of Accommodation", "Suitability of Accommodation", "Activity Status",
    "UASC", "Personal Adviser", "Latest Pathway Plan Date", "Latest Contact Date",
]

# What the portal reads: field -> the headings it may have (the first is Ofsted's).
FIELDS = {
    "child_id": ["Child Unique ID", "Child ID", "Unique ID"],
    "date_of_birth": ["Date of Birth", "DOB"],
    "latest_review": ["Date of Latest Statutory Review", "Date of Last Statutory Review"],
    "last_social_work_visit": ["Date of Last Social Work Visit", "Date of Latest Social Work Visit"],
    "last_iro_contact": ["Date of Last IRO Visit / Contact to the Child", "Date of Last IRO Visit/Contact",
                         "Date of Last IRO Contact"],
    "last_health_assessment": ["Date of Last Health Assessment"],
    "last_dental_check": ["Date of Last Dental Check"],
    "latest_pathway_plan": ["Latest Pathway Plan Date", "Date of Latest Pathway Plan", "Latest Pathway Plan",
                            "Date of Last Pathway Plan", "Pathway Plan Date"],
    "latest_contact": ["Latest Contact Date", "Date of Latest Contact", "Latest Contact", "Date of Last Contact"],
    "allocated_team": ["Allocated Team"],
    "allocated_worker": ["Allocated Worker"],
    "personal_adviser": ["Personal Adviser"],
}
DATE_FIELDS = {"date_of_birth", "latest_review", "last_social_work_visit", "last_iro_contact",
               "last_health_assessment", "last_dental_check", "latest_pathway_plan", "latest_contact"}
# The columns a list must have for the portal to use it.
NEEDED = {
    8: ["child_id", "latest_review", "last_social_work_visit", "last_iro_contact", "last_health_assessment",
        "last_dental_check", "allocated_team", "allocated_worker"],
    9: ["child_id", "allocated_team", "allocated_worker"],
}


def fold(heading) -> str:
    """A heading with case, spacing and spacing around slashes folded away."""
    text = re.sub(r"\s+", " ", str(heading or "")).strip().lower()
    return re.sub(r"\s*/\s*", "/", text)


HEADING_TO_FIELD = {fold(heading): name for name, headings in FIELDS.items() for heading in headings}
LIST_8_MARKS = {fold("Date of Last Social Work Visit"), fold("Date Started to be Looked After")}
LIST_9_MARKS = {fold("Eligibility Category"), fold("LA in Touch")}


def which_list(headings: list) -> int | None:
    folded = {fold(heading) for heading in headings}
    if folded & LIST_8_MARKS:
        return 8
    if folded & LIST_9_MARKS:
        return 9
    return None
