"""The SSDA903 return's tables, their DfE column names and the codes each coded column takes.

Column names and codes are as the DfE guide and the public validator (csc-validator-be-903, lac_validator/config.py
and its rules) name them. Codes keep their plain-English meaning so a problem can say what a code is. A code that
the DfE has retired (H5, P2, Z1...) is still accepted: a council's history holds them.
"""
from dataclasses import dataclass, field

RNE = {
    "S": "started to be looked after",
    "L": "change of legal status only",
    "P": "change of placement and carer",
    "T": "change of placement, same carer",
    "U": "change of legal status and placement, same carer",
    "B": "change of legal status, placement and carer",
}
LS = {
    "C1": "interim care order", "C2": "full care order", "D1": "freeing order", "E1": "placement order",
    "J1": "remanded to local authority accommodation", "J2": "detained under PACE",
    "J3": "youth rehabilitation order with residence requirement", "L1": "police protection",
    "L2": "emergency protection order", "L3": "child assessment order", "V2": "single period of accommodation (s20)",
    "V3": "short breaks (single placement)", "V4": "short breaks (series of placements)",
}
CIN = {
    "N1": "abuse or neglect", "N2": "child's disability", "N3": "parental illness or disability",
    "N4": "family in acute stress", "N5": "family dysfunction", "N6": "socially unacceptable behaviour",
    "N7": "low income", "N8": "absent parenting",
}
PLACE = {
    "A3": "placed for adoption with placement order, with current foster carer",
    "A4": "placed for adoption with placement order, not with current foster carer",
    "A5": "placed for adoption with parental consent, with current foster carer",
    "A6": "placed for adoption with parental consent, not with current foster carer",
    "H5": "semi-independent living (until 2024-25)", "K1": "secure children's home", "K2": "children's home",
    "K3": "supported accommodation for 16 and 17 year olds (from 2024-25)", "P1": "placed with parents",
    "P2": "independent living (until 2024-25)", "P3": "residential employment", "R1": "residential care home",
    "R2": "NHS or health trust", "R3": "family centre or mother and baby unit", "R5": "young offender institution",
    "S1": "residential school", "T0": "temporary: all kinds", "T1": "temporary: in a school holiday",
    "T2": "temporary: carer on holiday", "T3": "temporary: carer unavailable", "T4": "temporary: other",
    "U1": "foster with family or friends, long term", "U2": "foster with family or friends, fostering for adoption",
    "U3": "foster with family or friends, other", "U4": "foster, long term",
    "U5": "foster, fostering for adoption", "U6": "foster, other", "Z1": "other placement (until 2024-25)",
    "Z11": "other: Deprivation of Liberty placement", "Z12": "other: unregulated placement",
    "Z13": "other: unregistered placement", "Z14": "other placement",
}
PLACE_PROVIDER = {
    "PR0": "parents or person with parental responsibility", "PR1": "own council", "PR2": "another council",
    "PR3": "another public provider", "PR4": "private provider", "PR5": "voluntary or third sector provider",
}
REC = {
    "X1": "episode ends and a new one starts the same day", "E11": "adopted (application unopposed)",
    "E12": "adopted (consent dispensed with)", "E13": "left care to live with parents or relatives",
    "E14": "remand ended", "E15": "age assessed as 18 or over", "E16": "moved abroad",
    "E17": "Staying Put at 18", "E2": "died", "E3": "care taken over by another council",
    "E41": "residence or child arrangements order", "E45": "special guardianship order (former foster carers)",
    "E46": "special guardianship order (other relatives)", "E47": "special guardianship order (other)",
    "E48": "special guardianship order (former foster carers who are relatives)",
    "E4A": "returned home (part of the care plan)", "E4B": "returned home (not part of the care plan)",
    "E5": "moved to supported independent living", "E6": "moved to independent living without support",
    "E7": "transferred to adult social care", "E8": "other reason", "E9": "sentenced to custody",
}
REASON_PLACE_CHANGE = {
    "CARPL": "change to the care plan", "CLOSE": "provider closed", "ALLEG": "allegation (s47)",
    "STAND": "standards of care concern", "APPRR": "carer's approval removed",
    "CREQB": "carer asked to end it (child's behaviour)", "CREQO": "carer asked to end it (other)",
    "CHILD": "child asked", "LAREQ": "council asked (resources)", "PLACE": "change of placement status only",
    "CUSTOD": "child went into custody", "OTHER": "other reason",
}
REVIEW_CODE = {
    "PN0": "child under 4 at the review", "PN1": "child attended and spoke for themselves",
    "PN2": "child attended and an advocate spoke for them", "PN3": "child attended and conveyed views another way",
    "PN4": "child attended but did not convey views", "PN5": "child did not attend, briefed an advocate",
    "PN6": "child did not attend, conveyed views another way", "PN7": "child did not attend or convey views",
}
IN_TOUCH = {
    "YES": "council in touch", "NO": "council not in touch", "DIED": "died", "REFU": "young person refuses contact",
    "NREQ": "no longer requires services", "RHOM": "returned home for more than 7 nights",
}
ACTIV = {
    "F1": "full-time higher education", "P1": "part-time higher education",
    "F2": "full-time other education", "P2": "part-time other education",
    "F4": "full-time apprenticeship", "P4": "part-time apprenticeship",
    "F5": "full-time training or employment", "P5": "part-time training or employment",
    "G4": "not in education, employment or training: illness or disability",
    "G5": "not in education, employment or training: other",
    "G6": "not in education, employment or training: pregnancy or parenting", "0": "not known",
}
ACCOM_TYPES = {
    "B": "with parents or relatives", "C": "community home or residential care", "D": "semi-independent",
    "E": "supported lodgings", "G": "gone abroad", "H": "deported", "K": "ordinary lodgings",
    "R": "residence not known", "S": "no fixed abode or homeless", "T": "foyer", "U": "independent living",
    "V": "emergency accommodation", "W": "bed and breakfast", "X": "in custody", "Y": "other",
    "Z": "with former foster carers",
}
ACCOM = {letter + digit: f"{meaning}, {'suitable' if digit == '1' else 'not suitable'}"
         for letter, meaning in ACCOM_TYPES.items() for digit in "12"} | {"0": "not known"}
MISSING = {"M": "missing", "A": "away without authorisation"}
SEX = {"M": "male", "F": "female", "U": "unknown", "1": "male (before 2024-25)", "2": "female (before 2024-25)"}
SW_REASON = {
    "MANAGE": "management decision", "FCONTA": "first contact (first social worker)",
    "LEFTRL": "social worker left the role", "ORGRST": "organisational restructure",
    "TSPROC": "transfer between teams as part of the process", "ABSENC": "social worker absent",
    "CHCHAN": "child asked for the change", "PCCHAN": "parent or carer asked for the change",
    "SWDIED": "social worker died", "OTHERS": "other reason",
}
ETHNIC = {
    "WBRI": "White British", "WIRI": "White Irish", "WIRT": "Traveller of Irish heritage", "WOTH": "any other White",
    "WROM": "Gypsy/Roma", "MWBC": "White and Black Caribbean", "MWBA": "White and Black African",
    "MWAS": "White and Asian", "MOTH": "any other mixed", "AIND": "Indian", "APKN": "Pakistani",
    "ABAN": "Bangladeshi", "AOTH": "any other Asian", "BCRB": "Black Caribbean", "BAFR": "Black African",
    "BOTH": "any other Black", "CHNE": "Chinese", "OOTH": "any other ethnic group", "REFU": "refused",
    "NOBT": "information not yet obtained",
}
YES_NO_01 = {"0": "no", "1": "yes"}
SDQ_REASON = {"SDQ1": "no form returned: child under 4 or over 17", "SDQ2": "carer refused",
              "SDQ3": "not possible: severity of disability", "SDQ4": "other", "SDQ5": "child or young person refused"}
PREV_PERM = {"P1": "adoption", "P2": "special guardianship order", "P3": "residence or child arrangements order",
             "P4": "unknown", "Z1": "no previous permanence"}
REASON_PLACED_CEASED = {"E11": "adopted", "E12": "adopted", "RD1": "decision changed: child stays with carers",
                        "RD2": "decision changed: returned to parents", "RD3": "decision changed: adoption not best",
                        "RD4": "decision changed: other"}
SEX_ADOPTR = {"MM": "male couple", "FF": "female couple", "MF": "male and female couple", "M1": "single man",
              "F1": "single woman"}
LS_ADOPTR = {"L0": "married couple", "L11": "civil partners", "L12": "unmarried couple", "L2": "one of a couple",
             "L4": "single person"}


@dataclass(frozen=True)
class Table:
    """One table of the return: its DfE name, file name, columns, and which columns hold dates, codes or must be
    filled in. `xml_element` is the element holding one row in the XML form (under CHILD or CHILD/HEADER)."""

    name: str
    file_name: str
    columns: tuple[str, ...]
    dates: frozenset[str] = frozenset()
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    required: frozenset[str] = frozenset({"CHILD"})
    xml_element: str = ""


def _table(name, file_name, columns, dates=(), codes=None, required=("CHILD",), xml_element=""):
    return Table(name, file_name, tuple(columns.split()), frozenset(dates), codes or {}, frozenset(required),
                 xml_element)


TABLES: dict[str, Table] = {table.name: table for table in [
    _table("Header", "header.csv", "CHILD SEX DOB ETHNIC UPN MOTHER MC_DOB", dates=["DOB", "MC_DOB"],
           codes={"SEX": SEX, "ETHNIC": ETHNIC, "MOTHER": YES_NO_01}, required=["CHILD", "SEX", "DOB", "ETHNIC"],
           xml_element="HEADER"),
    _table("Episodes", "episodes.csv",
           "CHILD DECOM RNE LS CIN PLACE PLACE_PROVIDER DEC REC REASON_PLACE_CHANGE HOME_POST PL_POST URN",
           dates=["DECOM", "DEC"],
           codes={"RNE": RNE, "LS": LS, "CIN": CIN, "PLACE": PLACE, "PLACE_PROVIDER": PLACE_PROVIDER, "REC": REC,
                  "REASON_PLACE_CHANGE": REASON_PLACE_CHANGE},
           required=["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE"], xml_element="EPISODE"),
    _table("Reviews", "reviews.csv", "CHILD DOB REVIEW REVIEW_CODE", dates=["DOB", "REVIEW"],
           codes={"REVIEW_CODE": REVIEW_CODE}, required=["CHILD", "REVIEW", "REVIEW_CODE"], xml_element="AREVIEW"),
    _table("UASC", "uasc.csv", "CHILD SEX DOB DUC", dates=["DOB", "DUC"], codes={"SEX": SEX},
           required=["CHILD", "DUC"], xml_element="UASC"),
    _table("OC2", "oc2.csv", "CHILD DOB SDQ_SCORE SDQ_REASON CONVICTED HEALTH_CHECK IMMUNISATIONS TEETH_CHECK "
           "HEALTH_ASSESSMENT SUBSTANCE_MISUSE INTERVENTION_RECEIVED INTERVENTION_OFFERED", dates=["DOB"],
           codes={"SDQ_REASON": SDQ_REASON, "CONVICTED": YES_NO_01, "HEALTH_CHECK": YES_NO_01,
                  "IMMUNISATIONS": YES_NO_01, "TEETH_CHECK": YES_NO_01, "HEALTH_ASSESSMENT": YES_NO_01,
                  "SUBSTANCE_MISUSE": YES_NO_01, "INTERVENTION_RECEIVED": YES_NO_01,
                  "INTERVENTION_OFFERED": YES_NO_01}, xml_element="OC2"),
    _table("OC3", "oc3.csv", "CHILD DOB IN_TOUCH ACTIV ACCOM", dates=["DOB"],
           codes={"IN_TOUCH": IN_TOUCH, "ACTIV": ACTIV, "ACCOM": ACCOM}, required=["CHILD", "IN_TOUCH"],
           xml_element="OC3"),
    _table("AD1", "ad1.csv", "CHILD DOB DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR",
           dates=["DOB", "DATE_INT", "DATE_MATCH"],
           codes={"FOSTER_CARE": YES_NO_01, "NB_ADOPTR": {"1": "one adopter", "2": "two adopters"},
                  "SEX_ADOPTR": SEX_ADOPTR, "LS_ADOPTR": LS_ADOPTR}, xml_element="AD1"),
    _table("PlacedAdoption", "placed_for_adoption.csv", "CHILD DOB DATE_PLACED DATE_PLACED_CEASED "
           "REASON_PLACED_CEASED", dates=["DOB", "DATE_PLACED", "DATE_PLACED_CEASED"],
           codes={"REASON_PLACED_CEASED": REASON_PLACED_CEASED}, xml_element="AD_PLACED"),
    _table("PrevPerm", "previous_permanence.csv", "CHILD DOB PREV_PERM LA_PERM DATE_PERM", dates=["DOB"],
           codes={"PREV_PERM": PREV_PERM}, xml_element="PERMANENCE"),
    _table("Missing", "missing.csv", "CHILD DOB MISSING MIS_START MIS_END", dates=["DOB", "MIS_START", "MIS_END"],
           codes={"MISSING": MISSING}, required=["CHILD", "MISSING", "MIS_START"], xml_element="AMISSING"),
    _table("SWEpisodes", "sw_episodes.csv", "CHILD DOB SW_ID SW_DECOM SW_DEC SW_REASON",
           dates=["DOB", "SW_DECOM", "SW_DEC"], codes={"SW_REASON": SW_REASON},
           required=["CHILD", "SW_ID", "SW_DECOM", "SW_REASON"], xml_element="SWEPISODE"),
]}

# PrevPerm's DATE_PERM may be a partial date (the DfE allows "zz/mm/yyyy" style unknown parts), so it is text.
