from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ZipCode(models.Model):
    """A USPS ZIP code: where it is and which congressional district(s) it lies in.

    Reference data (see data/README.md), loaded by ``manage.py import_lawmakers``.
    """

    zip = models.CharField(max_length=5, primary_key=True)
    city = models.CharField(max_length=100)
    # The county and the other place names the ZIP code serves ("Lago Vista;Point Venture"):
    # how a county's or a small town's contract is placed on the map (organizing hubs).
    county = models.CharField(max_length=100, blank=True, default="")
    other_cities = models.CharField(max_length=300, blank=True, default="")
    state = models.CharField(max_length=2)
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)
    # "CA-11" or "CA-11;CA-12"; empty where no district applies (military mail).
    districts = models.CharField(max_length=100, blank=True)
    method = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return self.zip

    @property
    def district_list(self) -> list[str]:
        return [d for d in self.districts.split(";") if d]

    @property
    def needs_state(self) -> bool:
        """Military and freely-associated-state mail: the signer must tell us their state."""
        return not self.district_list


class Legislator(models.Model):
    class Chamber(models.TextChoices):
        HOUSE = "house", _("U.S. House")
        SENATE = "senate", _("U.S. Senate")
        UPPER = "upper", _("State senate")
        LOWER = "lower", _("State house or assembly")
        LEGISLATURE = "legislature", _("State legislature")

    # bioguide id for Congress, OpenStates person id for state legislators
    source_id = models.CharField(max_length=80, unique=True)
    chamber = models.CharField(max_length=12, choices=Chamber)
    state = models.CharField(max_length=2)
    # "11", "0" (at-large or delegate) for the House; a state's own label ("Hillsborough 12")
    # for state legislators; empty for senators.
    district = models.CharField(max_length=60, blank=True)
    name = models.CharField(max_length=200)
    party = models.CharField(max_length=60, blank=True)
    rank = models.CharField(max_length=10, blank=True)  # senators: senior / junior
    phone = models.CharField(max_length=40, blank=True)
    email = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=300, blank=True)
    contact_form = models.URLField(max_length=300, blank=True)
    address = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "chamber", "district"], name="legislator_seat")]
        ordering = ["state", "chamber", "district", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        return {
            self.Chamber.HOUSE: "Rep.",
            self.Chamber.SENATE: "Sen.",
        }.get(self.chamber, "")  # type: ignore[call-overload]

    @property
    def contact_url(self) -> str:
        return self.contact_form or self.url


class DistrictOffice(models.Model):
    legislator = models.ForeignKey(Legislator, on_delete=models.CASCADE, related_name="offices")
    office_id = models.CharField(max_length=120, unique=True)
    address = models.CharField(max_length=300)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2)
    zip = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return f"{self.city} office"


class CustomTarget(models.Model):
    """A local decision-maker a campaign addresses: a city council, a police chief…"""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="custom_targets"
    )
    name = models.CharField(_("name"), max_length=200)
    office = models.CharField(_("office"), max_length=200, help_text=_("E.g. 'City Council'."))
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    url = models.URLField(_("contact page"), blank=True)
    zip_codes = models.TextField(
        _("ZIP codes"), blank=True, help_text=_("The ZIP codes it answers to, separated by spaces.")
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.office})"

    @property
    def zip_set(self) -> set[str]:
        return set(self.zip_codes.replace(",", " ").split())

    def covers(self, *, zip_code: str, city: str, state: str) -> bool:
        """Whether a signer at ``zip_code`` (in ``city``, ``state``) is its constituent."""
        if self.zip_set:
            return zip_code in self.zip_set
        if self.city:
            return (self.city.lower(), self.state.upper()) == (city.lower(), state.upper())
        return bool(self.state) and self.state.upper() == state.upper()


class Delivery(models.Model):
    """One packet delivered to one target: what it claimed, and the commitment to prove it."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="deliveries"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    target_name = models.CharField(max_length=200)
    target_office = models.CharField(max_length=200)
    # "house:P000197", "senate:P000145", "custom:12": which target, kept if the member leaves
    target_ref = models.CharField(max_length=100)
    jurisdiction = models.CharField(max_length=200)
    signature_count = models.PositiveIntegerField()
    named_count = models.PositiveIntegerField(default=0)
    merkle_root = models.CharField(max_length=64)
    # The receipts committed to, sorted, 32 characters each: enough to prove any one of
    # them is in the tree, and nothing that names a person.
    receipts = models.BinaryField()
    files = models.JSONField(default=list)  # file names written for this packet
    emailed_to = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "target_name"]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.target_name}: {self.signature_count} ({self.created_at:%Y-%m-%d})"
