"""The campaign stopalprs ships with, written in our own words from the campaign brief.

Loaded by ``manage.py load_default_campaign`` (and by ``make run``/``make serve``), which
creates it once and never overwrites edits staff have made since.
"""

from __future__ import annotations

SLUG = "stop-alprs"

TITLE = "You are being tracked: end license plate reader surveillance"

SUMMARY = (
    "Cameras that read license plates are going up in towns and cities across the country, "
    "sold by companies like Flock Safety and Motorola Solutions. They log where every driver "
    "goes, not only people suspected of a crime. Tell your lawmakers to reject them."
)

ASK = (
    "Do not surveil our streets. Reject automated license plate readers, end the contracts "
    "that put them on our roads, and invest in our communities instead."
)

SHARE_TEXT = (
    "License plate cameras record where all of us drive. I signed to tell my lawmakers: "
    "reject ALPRs and invest in communities instead."
)

THANK_YOU = """\
Thank you for adding your name. One more step: check your email and press the button in the
message we sent you. Your signature counts once you confirm it.

Then please share this petition with friends and family. Every person who signs makes it
harder for lawmakers to look away.
"""

BODY = """\
Automated license plate readers (ALPRs) are cameras that photograph every passing car, read
its plate, and store the time and place. Police departments buy them, and so do stores,
homeowners' associations and private neighborhoods. Put enough of them on the map and anyone
with access can follow a person's movements from home to work, to a clinic, to a protest.

Being watched this way does not make a neighborhood safer. It chips away at our freedom to
go where we please, and it feeds a style of policing by numbers that falls hardest on Black,
brown and poor people. The cameras also get things wrong, and their errors end in frightening
traffic stops and arrests of people who did nothing.

## Why ALPRs have to go

- **They record everyone.** The cameras never switch off. Well under 1% of the plates they
  scan have anything to do with a crime, yet the travel history of every driver is kept, at
  times with no end date. That is a dragnet, and it collides with our Fourth Amendment
  protections and with laws meant to rein in police overreach.
- **There is no solid proof they cut crime.** Vendors spend heavily on marketing, but the
  evidence that these systems reduce crime is not there. Money spent on them could go to
  public health, good schools and violence-interruption programs that address the causes.
- **They are sold by companies that profit from fear.** A vendor earns more when people feel
  less safe. It has no reason to build anything that tackles the roots of crime and conflict.
- **Nobody is held to account.** Many places have no rules for using plate readers, and where
  rules exist they are often ignored. A Kansas police officer was arrested for using Flock
  cameras to stalk his former wife. Some departments have passed driver data to federal
  agencies such as the FBI after promising not to, and breaches have already exposed hundreds
  of thousands of driver records.
- **They make serious mistakes.** Plate readers misread plates often. A study run by police
  in Vallejo, California found that as many as 37% of alerts were wrong, and errors like these
  have led officers to stop and hold innocent drivers again and again.
- **They harm our communities.** Surveillance is aimed first at communities of color, which
  means more arrests for minor offenses and more people behind bars. Police "hot lists" are
  often out of date or simply wrong, and the people on them are disproportionately Black,
  brown and poor, so the cameras flag the same people over and over.

The harm reaches beyond local police. Immigration agents have used plate data to find and
deport people. Where abortion is banned, the same data can follow someone to a clinic across
a state line. And a private camera on a suspicious neighbor's street can turn fear of
"outsiders" into a tool for harassment.

## Want to challenge an ALPR contract in your city?

People across the country are organizing to cancel these surveillance contracts, and many
have already won. Join the network, and we will get in touch to help you do it where you live.
"""
