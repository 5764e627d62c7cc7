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

# The same campaign in Spanish, in plain words (one campaign, one count).
SPANISH = {
    "title": "Te están rastreando: acabemos con los lectores de placas",
    "summary": (
        "En pueblos y ciudades de todo el país se instalan cámaras que leen las placas de los "
        "carros. Las venden empresas como Flock Safety y Motorola Solutions. Anotan por dónde va "
        "cada conductor, no solo quien es sospechoso de un delito. Pide a tus legisladores que "
        "las rechacen."
    ),
    "ask": (
        "No vigilen nuestras calles. Rechacen los lectores automáticos de placas, terminen los "
        "contratos que los ponen en nuestras calles e inviertan en nuestras comunidades."
    ),
    "share_text": (
        "Las cámaras de placas registran por dónde manejamos todos. Firmé para decirles a mis "
        "legisladores: rechacen los lectores de placas e inviertan en las comunidades."
    ),
    "thank_you_text": """\
Gracias por sumar tu nombre. Falta un paso: revisa tu correo y presiona el botón del mensaje
que te enviamos. Tu firma cuenta cuando la confirmas.

Después, comparte esta petición con tu familia y amistades. Cada persona que firma hace más
difícil que los legisladores miren para otro lado.
""",
    "body": """\
Los lectores automáticos de placas (ALPR, por sus siglas en inglés) son cámaras que toman una
foto de cada carro que pasa, leen la placa y guardan la hora y el lugar. Los compran la
policía, las tiendas, las asociaciones de vecinos y los barrios privados. Con suficientes
cámaras, cualquiera con acceso puede seguir a una persona de su casa al trabajo, a una clínica
o a una protesta.

Esta vigilancia no hace más seguro un barrio. Le quita libertad a la gente para ir a donde
quiera, y alimenta una forma de vigilar que golpea más a las personas negras, latinas y
pobres. Además, las cámaras se equivocan, y sus errores terminan en paradas de tránsito y
arrestos que asustan a gente que no hizo nada.

## Por qué hay que quitar los lectores de placas

- **Graban a todo el mundo.** Las cámaras nunca se apagan. Menos del 1% de las placas que
  leen tiene que ver con un delito, pero se guarda el recorrido de cada conductor, a veces
  sin fecha de borrado.
- **No hay pruebas sólidas de que reduzcan el crimen.** Las empresas gastan mucho en
  publicidad, pero las pruebas no aparecen. Ese dinero podría ir a salud pública, buenas
  escuelas y programas que previenen la violencia.
- **Las venden empresas que ganan con el miedo.** Una empresa gana más cuando la gente se
  siente menos segura.
- **Nadie rinde cuentas.** En muchos lugares no hay reglas para usarlos, y donde las hay, a
  menudo no se cumplen. Un policía de Kansas fue arrestado por usar cámaras Flock para
  acosar a su exesposa. Algunos departamentos pasaron datos de conductores a agencias
  federales después de prometer que no lo harían.
- **Cometen errores graves.** En un estudio de la policía de Vallejo, California, hasta el 37%
  de las alertas estaban equivocadas. Errores así llevan a detener a personas inocentes.
- **Dañan a nuestras comunidades.** La vigilancia apunta primero a las comunidades de color.
  Eso significa más arrestos por faltas menores y más personas presas.

El daño va más allá de la policía local. Agentes de inmigración han usado estos datos para
encontrar y deportar personas. Donde el aborto está prohibido, los mismos datos pueden seguir
a alguien hasta una clínica en otro estado.

## ¿Quieres enfrentar un contrato de lectores de placas en tu ciudad?

En todo el país, la gente se organiza para cancelar estos contratos, y muchas comunidades ya
ganaron. Únete a la red y te contactaremos para ayudarte a lograrlo donde vives.
""",
}
