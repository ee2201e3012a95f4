"""The vocabulary Jornada ships, loaded by migration 0002 and never overwritten afterwards.

The ILO's 11 indicators of forced labour keep the ILO's own names as staff labels (ILO,
"Indicators of Forced Labour", 2012). The US-law categories are the problems H-2A and H-2B
workers bring to legal aid: the DOL fact sheets 26 and 78, the Migrant and Seasonal
Agricultural Worker Protection Act, the Worker Protection Standard for pesticides and the
Trafficking Victims Protection Act. Worker labels are short, plain Spanish for people who read
with difficulty: second person, everyday words, no legal terms.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Entry(NamedTuple):
    code: str
    group: str
    urgent: bool
    worker_es: str
    worker_en: str
    staff_es: str
    staff_en: str
    description_es: str
    description_en: str


ILO, US_LAW, NEED = "ilo", "us_law", "need"

# fmt: off
INITIAL: tuple[Entry, ...] = (
    # --- The ILO's 11 indicators of forced labour ---------------------------------------------
    Entry(
        "ilo-abuse-of-vulnerability", ILO, False,
        "Se aprovecharon de tu situación", "They took advantage of your situation",
        "Abuso de la vulnerabilidad", "Abuse of vulnerability",
        "Te tratan mal porque no conoces el idioma o las leyes, o porque no tienes a dónde ir.",
        "You are treated badly because you do not know the language or the law, or have nowhere to go.",
    ),
    Entry(
        "ilo-deception", ILO, False,
        "Te engañaron", "You were lied to",
        "Engaño", "Deception",
        "El trabajo, el pago o el lugar no son los que te prometieron.",
        "The job, the pay or the place are not what you were promised.",
    ),
    Entry(
        "ilo-restriction-of-movement", ILO, False,
        "No te dejan salir", "You are not allowed to leave",
        "Restricción de movimiento", "Restriction of movement",
        "No puedes salir del trabajo o de la casa cuando quieres.",
        "You cannot leave the work place or the housing when you want.",
    ),
    Entry(
        "ilo-isolation", ILO, False,
        "Te tienen aislado", "You are kept cut off",
        "Aislamiento", "Isolation",
        "Estás lejos de todo, sin teléfono, o no te dejan hablar con nadie de fuera.",
        "You are far from everything, without a phone, or not allowed to talk to anyone outside.",
    ),
    Entry(
        "ilo-physical-sexual-violence", ILO, True,
        "Te golpearon o te atacaron", "You were hit or attacked",
        "Violencia física y sexual", "Physical and sexual violence",
        "Alguien te hizo daño en el cuerpo o te tocó sin tu permiso.",
        "Someone hurt your body or touched you without your permission.",
    ),
    Entry(
        "ilo-intimidation-threats", ILO, True,
        "Te amenazaron", "You were threatened",
        "Intimidación y amenazas", "Intimidation and threats",
        "Te dijeron que te harían daño, que te mandarían a tu país o que no volverías a trabajar.",
        "You were told you would be hurt, sent home or never hired again.",
    ),
    Entry(
        "ilo-retention-of-identity-documents", ILO, True,
        "Te quitaron tus papeles", "Your papers were taken",
        "Retención de documentos de identidad", "Retention of identity documents",
        "Alguien tiene tu pasaporte, tu visa o tu identificación y no te los da.",
        "Someone has your passport, visa or ID and will not give them back.",
    ),
    Entry(
        "ilo-withholding-of-wages", ILO, False,
        "No te dan tu pago", "Your pay is held back",
        "Retención de salarios", "Withholding of wages",
        "No te pagan, o te guardan el dinero para que no te vayas.",
        "You are not paid, or your money is kept so that you do not leave.",
    ),
    Entry(
        "ilo-debt-bondage", ILO, False,
        "Tienes una deuda que no te deja irte", "A debt keeps you in the job",
        "Servidumbre por deudas", "Debt bondage",
        "Le debes dinero al patrón o al reclutador y no puedes irte hasta pagar.",
        "You owe money to the employer or recruiter and cannot leave until you pay.",
    ),
    Entry(
        "ilo-abusive-working-living-conditions", ILO, False,
        "El trabajo o la casa son muy malos", "Very bad work or housing",
        "Condiciones de trabajo y de vida abusivas", "Abusive working and living conditions",
        "El trabajo es peligroso o humillante, o la casa está sucia, llena o sin agua.",
        "The work is dangerous or humiliating, or the housing is dirty, crowded or without water.",
    ),
    Entry(
        "ilo-excessive-overtime", ILO, False,
        "Te hacen trabajar demasiadas horas", "You are made to work too many hours",
        "Horas extraordinarias excesivas", "Excessive overtime",
        "Trabajas muchas más horas de lo normal, sin descanso, y no puedes decir que no.",
        "You work far more hours than normal, without rest, and cannot say no.",
    ),
    # --- What workers bring under US law ---------------------------------------------------------
    Entry(
        "recruitment-fees", US_LAW, False,
        "Te cobraron por el trabajo o la visa", "You paid to get the job or the visa",
        "Cobro de cuotas de reclutamiento", "Recruitment fees",
        "Te cobraron dinero por darte el trabajo, la visa o el contrato. Eso no se permite.",
        "You were charged money for the job, the visa or the contract. That is not allowed.",
    ),
    Entry(
        "wage-theft", US_LAW, False,
        "No te pagaron lo que te deben", "You were not paid what you are owed",
        "Robo de salario", "Wage theft",
        "Te pagaron menos de lo prometido, no te pagaron horas o te quitaron dinero del pago.",
        "You were paid less than promised, not paid for hours, or money was taken from your pay.",
    ),
    Entry(
        "three-fourths-guarantee", US_LAW, False,
        "Te dieron menos horas de las prometidas", "You got fewer hours than promised",
        "Garantía de las tres cuartas partes", "Three-fourths guarantee",
        "El patrón debe darte o pagarte por lo menos 3 de cada 4 horas del contrato.",
        "The employer must give or pay you at least 3 of every 4 hours in the contract.",
    ),
    Entry(
        "travel-visa-costs", US_LAW, False,
        "No te pagaron el viaje o la visa", "Your trip or visa was not paid back",
        "Gastos de viaje y visa no reembolsados", "Unreimbursed travel and visa costs",
        "El patrón debe pagarte el viaje, la visa y la comida del camino.",
        "The employer must pay you back for the trip, the visa and food on the way.",
    ),
    Entry(
        "document-retention", US_LAW, True,
        "Se quedaron con tus documentos", "Your documents were kept",
        "Retención de documentos", "Document retention",
        "El patrón o el reclutador guarda tu pasaporte o tus papeles. No tiene derecho.",
        "The employer or recruiter keeps your passport or papers. They have no right to.",
    ),
    Entry(
        "housing", US_LAW, False,
        "Problemas con la casa donde vives", "Problems with your housing",
        "Vivienda", "Housing",
        "Te cobran la casa, o está sucia, muy llena o es peligrosa.",
        "You are charged for the housing, or it is dirty, crowded or dangerous.",
    ),
    Entry(
        "transport", US_LAW, False,
        "Transporte peligroso o cobrado", "Unsafe or charged transport",
        "Transporte", "Transport",
        "El carro al trabajo es peligroso, va muy lleno o te lo cobran.",
        "The ride to work is dangerous, too full, or you are charged for it.",
    ),
    Entry(
        "pesticides-safety", US_LAW, False,
        "Químicos o peligros en el trabajo", "Chemicals or dangers at work",
        "Plaguicidas y seguridad en el trabajo", "Pesticides and workplace safety",
        "Te pusieron cerca de químicos, o trabajas sin equipo ni clases de seguridad.",
        "You were near chemicals, or you work without safety gear or training.",
    ),
    Entry(
        "injury-workers-compensation", US_LAW, True,
        "Te lastimaste o enfermaste por el trabajo", "You were hurt or got sick from work",
        "Lesión laboral y compensación al trabajador", "Work injury and workers' compensation",
        "Tuviste un accidente o te enfermaste trabajando. Tienes derecho a doctor y a pago.",
        "You had an accident or got sick at work. You have a right to a doctor and to pay.",
    ),
    Entry(
        "retaliation-blacklisting", US_LAW, False,
        "Te castigaron por quejarte", "You were punished for complaining",
        "Represalias y listas negras", "Retaliation and blacklisting",
        "Te corrieron, te amenazaron o no te vuelven a contratar por pedir tus derechos.",
        "You were fired, threatened or not hired again for asking for your rights.",
    ),
    Entry(
        "sexual-harassment-gbv", US_LAW, False,
        "Acoso o abuso sexual", "Sexual harassment or abuse",
        "Acoso sexual y violencia de género", "Sexual harassment and gender-based violence",
        "Alguien te pidió sexo, te tocó o te molesta por ser mujer o por quién eres.",
        "Someone asked you for sex, touched you, or bothers you for being a woman or for who you are.",
    ),
    Entry(
        "trafficking-indicators", US_LAW, False,
        "Te obligan a trabajar", "You are forced to work",
        "Indicios de trata de personas", "Trafficking indicators",
        "No puedes dejar el trabajo por miedo, por una deuda o porque te vigilan.",
        "You cannot leave the job out of fear, because of a debt, or because you are watched.",
    ),
    Entry(
        "child-alone", US_LAW, True,
        "Un niño o una niña está solo", "A child is alone",
        "Niña, niño o adolescente no acompañado", "Unaccompanied child",
        "Alguien menor de 18 años trabaja o viaja sin su mamá, su papá o un adulto que lo cuide.",
        "Someone under 18 works or travels without their mother, father or an adult caring for them.",
    ),
    Entry(
        "discrimination", US_LAW, False,
        "Te tratan peor por quién eres", "You are treated worse for who you are",
        "Discriminación", "Discrimination",
        "Te tratan peor por tu origen, tu idioma, tu color, tu sexo o tu edad.",
        "You are treated worse for where you come from, your language, colour, sex or age.",
    ),
    Entry(
        "immigration-status", US_LAW, False,
        "Problemas con tu visa o tus papeles", "Problems with your visa or papers",
        "Problemas de estatus migratorio", "Immigration status problems",
        "Tu visa se venció, te dicen que te van a reportar, o no sabes si estás en regla.",
        "Your visa ran out, you are told you will be reported, or you do not know if you are legal.",
    ),
    # --- Needs that make a request urgent on their own ----------------------------------------
    Entry(
        "no-food-or-shelter", NEED, True,
        "No tienes comida o dónde dormir", "You have no food or place to sleep",
        "Sin alimento ni alojamiento", "No food or shelter",
        "Hoy no tienes qué comer o no tienes un lugar seguro para dormir.",
        "Today you have nothing to eat or no safe place to sleep.",
    ),
)
# fmt: on

ILO_INDICATORS = tuple(entry.code for entry in INITIAL if entry.group == ILO)
US_LAW_CATEGORIES = tuple(entry.code for entry in INITIAL if entry.group == US_LAW)


def initial_load(Category: Any, CategoryVersion: Any) -> None:
    """Add the shipped categories that are missing; an existing code is left as it is.

    Takes the model classes so that migration 0002 (with its historical models) and the demo
    data (after a test flushed the table) share it.
    """
    fields = (
        "group",
        "worker_label_es",
        "worker_label_en",
        "staff_label_es",
        "staff_label_en",
        "description_es",
        "description_en",
        "urgent",
        "position",
    )
    for position, entry in enumerate(INITIAL):
        # An administrator may have corrected a label since: an existing code is left as it is.
        category, created = Category.objects.get_or_create(
            code=entry.code,
            defaults={
                "group": entry.group,
                "urgent": entry.urgent,
                "worker_label_es": entry.worker_es,
                "worker_label_en": entry.worker_en,
                "staff_label_es": entry.staff_es,
                "staff_label_en": entry.staff_en,
                "description_es": entry.description_es,
                "description_en": entry.description_en,
                "position": position,
                "version": 1,
            },
        )
        if created:
            CategoryVersion.objects.create(
                category=category,
                number=1,
                content={name: getattr(category, name) for name in fields},
                changed_by=None,
                change="created",
            )
