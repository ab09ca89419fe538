"""What the SSDA903 return says about a young person that the portal keeps so the return can be given back
column for column (issue 14): the council's CHILD id, SEX, ETHNIC, UPN, MOTHER and MC_DOB from the Header, and the
UASC table's flag and DUC. Codes are kept as the return gives them; returns.ssda903 checks them on the way in.
"""
from django.db import models


class Sex(models.TextChoices):
    """SSDA903 SEX from 2024-25 (1 and 2 before; the import reads those as M and F)."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Return903Person(models.Model):
    child_id = models.CharField(
        "council's child id", max_length=20, blank=True,
        help_text="The CHILD id in the council's SSDA903 return, kept as text (leading zeros matter). Blank for a "
                  "young person added in the portal; unique in each council otherwise.")
    sex = models.CharField(max_length=1, choices=Sex, blank=True)  # SEX
    ethnicity = models.CharField(max_length=4, blank=True, help_text="The SSDA903 ETHNIC code, e.g. WBRI.")
    upn = models.CharField("unique pupil number", max_length=13, blank=True)  # UPN
    # MOTHER: "1" is a mother, "0" not, blank not recorded; MC_DOB her (first) child's date of birth.
    mother = models.CharField("is a mother", max_length=1, choices=[("1", "Yes"), ("0", "No")], blank=True)
    mc_dob = models.DateField("her child's date of birth", null=True, blank=True)
    is_uasc = models.BooleanField("unaccompanied asylum-seeking child", default=False)  # in the UASC table
    uasc_ceased_on = models.DateField("date they stopped being an unaccompanied asylum-seeking child",
                                      null=True, blank=True)  # UASC DUC

    class Meta:
        abstract = True

    def return_903_errors(self) -> dict[str, str]:
        errors = {}
        if self.child_id and self.child_id != self.child_id.strip():
            errors["child_id"] = "The council's child id must not start or end with a space."
        if self.uasc_ceased_on and not self.is_uasc:
            errors["uasc_ceased_on"] = ("Only an unaccompanied asylum-seeking child has a date they stopped being "
                                        "one.")
        if self.mc_dob and self.mother != "1":
            errors["mc_dob"] = "Only a mother has her child's date of birth."
        return errors

