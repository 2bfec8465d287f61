"""Open-source claims in French, Spanish, Portuguese, Italian and German, read with the principle of the English
reader in `claims` (the claim's subject must be this release) but their own word order: the noun comes before
"open source" ("un modèle open source", "un modelo de código abierto"), and the copula is "est/es/é/è/ist".

Claims: "Ce modèle est open source", "Este modelo es de código abierto", "FooLM est un modèle open source", "Un
modelo de código abierto para el español" (a description opening with the release's kind), "Wir veröffentlichen
unser Modell als Open Source".
Not claims: what "open source" is said of is a library, a tool, data, a project or a community ("la bibliothèque
open source", "datos de código abierto"); other models ("otros modelos de código abierto", comparisons); the base
model ("basado en Llama 2, un modelo de código abierto"); negations ("no es de código abierto", "nicht quelloffen").
"""

from __future__ import annotations

import re
from collections.abc import Callable

# The phrase itself, in these languages (English "open source" is matched by `claims._OPEN` and read here when
# the words around it are in one of them).
EU_OPEN = r"\bc[óo]digo (?:abierto|aberto)\b|\bcodice aperto\b|\bquelloffen\w*"
# A card (lower-cased) holding none of these holds no EU_OPEN phrase.
EU_WORDS = ("abierto", "aberto", "aperto", "quelloffen")

_MODEL = (r"mod[èe]les?|modelos?|modell[oi]|modell(?:e|en)?|poids|pesos|pesi|gewichte|versions?|versi[óo]n|"
          r"versiones|vers[ãa]o|checkpoints?|llms?")
_OTHER = (r"biblioth[èe]ques?|bibliotecas?|librer[íi]as?|librer[ií]a|bibliothek\w*|librer[iy]|outils?|herramientas?|"
          r"ferramentas?|werkzeug\w*|strumenti|datos|donn[ée]es|daten\w*|dados|dati|corpus|corpora|proyectos?|"
          r"projets?|projekt\w*|progett[oi]|projetos?|frameworks?|logiciels?|software|comunidad(?:es)?|"
          r"communaut[ée]s?|community|gemeinschaft|comunidade|comunit[àa]|c[óo]digos?|code|codice|"
          r"implementaci[óo]n|impl[ée]mentation|implementierung|plataformas?|plateformes?|plattform\w*|"
          r"paquetes?|paquets?|pakete?|scripts?|herramienta|mouvement|movimiento|bewegung|initiative|iniciativa")
_DET_SELF = (r"ce|cet|cette|ces|notre|nos|este|esta|estos|estas|nuestro|nuestra|nuestros|nuestras|nosso|nossa|"
             r"nossos|nossas|questo|questa|questi|nostro|nostra|nostri|il nostro|la nostra|unser\w*|dies\w*|"
             r"das|der|le|la|les|el|los|il|lo|o|os|mon|mi|mein\w*")
_OTHERS = re.compile(r"\b(?:otr[oa]s|autres|d'autres|altri|altre|andere\w*|outr[oa]s|much[oa]s|plusieurs|nombreux|"
                     r"viele\w*|vari[oa]s|vari|molti|molte|tous|todos|todas|alle|existentes?|existants?|esistenti|"
                     r"bestehende\w*|populares|populaires|beliebte\w*|populari)\b", re.I)
_COMPARE = re.compile(r"\b(?:supera\w*|surpass\w*|übertrifft|übertreffen|compar\w*|vergleich\w*|mejor(?:es)? que|"
                      r"meilleurs? que|besser als|rispetto|par rapport|frente a|en comparaci[óo]n|que otros)\b", re.I)
_BASE = re.compile(r"\b(?:basad[oa]s?|bas[ée]e?s?|basiert|basat[oa]|basead[oa]|ajustad[oa]|affin[ée]e?|"
                   r"feinabgestimmt|fine-?tun\w*|entrenad[oa] (?:a partir|sobre)|d[ée]riv[ée]e?|derivad[oa]|"
                   r"abgeleitet|derivat[oa]|a partir de|ausgehend von)\b", re.I)
_NEGATION = re.compile(r"\b(?:no|non|not|nicht|kein\w*|pas|n'est|ne|nunca|jamais|n[ãa]o|nie|sin|sans|ohne|senza|"
                       r"sem)\b(?:\W+\w+){0,3}?\W*$", re.I)
_COPULA = re.compile(r"\b(?:es|est|ist|è|é|son|sont|sind|são|sono|sera|será)\b", re.I)
_ACTOR = re.compile(r"\b(?:nous|nosotros|wir|n[óo]s|noi|publicamos|liberamos|lanzamos|publions|lib[ée]rons|"
                    r"rilasciamo|pubblichiamo|lan[çc]amos|disponibilizamos|ver[öo]ffentlichen)\b", re.I)
# Greedy prefix: the noun nearest the phrase ("notre modèle sur le corpus open source": the corpus).
_NOUN_BEFORE = re.compile(rf"(?s).*\b(?P<noun>{_MODEL}|{_OTHER})\b(?P<gap>(?:\W+[\w'-]+){{0,3}}?)\W*"
                          r"(?:\b(?:de|di|em|en|in|als|como|comme|come)\W*)?$", re.I)
_EU_WORDS = re.compile(rf"\b(?:{_DET_SELF}|{_MODEL}|{_OTHER}|un|une|uno|una|um|uma|ein|eine|einen|est|es|ist|"
                       r"sont|son|sind|é|è|de|du|des|del|della|und|et|y|e|für|pour|para|per|als|como|comme|"
                       r"come)\b", re.I)

_PRONOUN = r"\W*(?:il|elle|es|er|esto|este|esta|ceci|cela|ce|c'|isso|isto|questo|dies|das)\W*"

NamesIn = Callable[[str], bool]


def is_eu_context(pre: str, match: str) -> bool:
    """Whether an "open source" is to be read by this grammar: the phrase is one of these languages', or the words
    just before it are ("... modèle open source", "Das Modell ist Open Source")."""
    if not re.match(r"open", match, re.I):
        return True
    tail = re.findall(r"[\w'-]+", pre[-60:])[-3:]
    return bool(tail) and all(_EU_WORDS.fullmatch(w) for w in tail) and not all(
        w.lower() in {"a", "an", "the", "of", "and", "in", "for", "is", "our", "this", "de", "e", "o", "la", "les"}
        for w in tail)


def eu_role(pre: str, post: str, names_in: NamesIn, heading: bool) -> bool:
    """Whether the phrase between `pre` and `post` (one sentence) presents the release as open source."""
    clause = re.split(r"[,;:()]", pre)[-1]
    if _NEGATION.search(pre) or _COMPARE.search(clause) or _OTHERS.search(clause):
        return False
    noun = _NOUN_BEFORE.match(clause)
    if noun and re.fullmatch(_OTHER, noun.group("noun"), re.I):
        return False  # "la bibliothèque open source", "datos de código abierto"
    if not noun:
        after = re.match(rf"^\W*(?:-\s*)?(?P<noun>{_MODEL}|{_OTHER})\b", post, re.I)  # "Open-Source-Modell"
        if after and re.fullmatch(_OTHER, after.group("noun"), re.I):
            return False
    base = _BASE.search(pre[-120:])
    if base and not names_in(pre[-120:][: base.start()]):
        return False  # the base model, described where the card says what it was built from
    before = clause[: noun.start()] if noun else clause
    if _ACTOR.search(before):
        return bool(noun) or bool(re.search(rf"\b(?:{_MODEL})\b", clause, re.I)) or names_in(clause)
    copulas = list(_COPULA.finditer(before))
    if copulas:
        subject = before[: copulas[-1].start()].strip(" *_#>-")
        if not subject:
            return heading
        return bool(re.match(rf"^\W*(?:{_DET_SELF})\s+(?:\w+\s+)?(?:{_MODEL})\b", subject, re.I)
                    or re.fullmatch(_PRONOUN, subject, re.I)
                    or names_in(subject))
    if not noun:
        return False
    det = before.strip(" *_#>-")
    if names_in(det):
        return True
    if re.fullmatch(rf"\W*(?:(?:{_DET_SELF}|un|une|uno|una|um|uma|ein|eine|premier|primer|primeiro|primo|erste\w*)"
                    r"\s*)*", det, re.I):
        return True  # "Ce modèle open source ...", "Un modelo de código abierto para ..." (the opening description)
    return heading
