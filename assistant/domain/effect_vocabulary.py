"""Adverse-effect vocabulary as data: effect terms and their canonical names, synonyms users type,
broader words, harm and benefit cues.
"""

from __future__ import annotations

import re

from .vocabulary import _I, _NUMW

STOMATITIS = "stomatitis / oral ulcers"
NO_EFFECT = "none reported (well tolerated)"

_INHERENT = None
_HARM_CUE = re.compile(
    r"\badverse|\bside[- ]effects?\b|\btoxicit|\btoxic\b|\bcaus(?:e|es|ed|ing)\b|"
    r"\bassociated with\b|\battributed to\b|\bemergence of\b|\bexperienc|\brisk of\b|"
    r"\bdevelopment of\b|\bcomplications?\b|\bunfavorable\b|\bundesired\b|\bwarning\b|\bharm",
    _I,
)
_DECREASE = re.compile(r"\b(?:decreas|reduc|lower|declin|fell|drop)", _I)

#: (pattern, canonical name, gate): gate None = a harm by nature; otherwise a regex the sentence
#: must also match. Longer wordings come first so "oral aphthous ulcers" wins over "ulcers".
EFFECT_TERMS: tuple[tuple[re.Pattern[str], str, re.Pattern[str] | None], ...] = (
    (re.compile(r"\bnon-healing oral ulcers\b", _I), STOMATITIS, _INHERENT),
    (re.compile(r"\b(?:oral )?aphthous ulcers?\b", _I), STOMATITIS, _INHERENT),
    (
        re.compile(
            r"\b(?:oral|mouth|mucosal) ulcers?\b|\bmouth sores\b|\bcanker sores\b|"
            r"\bstomatitis\b",
            _I,
        ),
        STOMATITIS,
        _INHERENT,
    ),
    (re.compile(r"\b(?:oral )?mucositis\b", _I), "mucositis", _INHERENT),
    (re.compile(r"\bhypercholesterol(?:a)?emia\b", _I), "hypercholesterolemia", _INHERENT),
    (re.compile(r"\bhypertriglycerid(?:a)?emia\b", _I), "hypertriglyceridemia", _INHERENT),
    (
        re.compile(
            r"\babnormal lipid profiles?\b|\bdyslipid(?:a)?emia\b|\bhyperlipid(?:a)?emia\b", _I
        ),
        "dyslipidemia",
        _INHERENT,
    ),
    (re.compile(r"\binsulin resistance\b", _I), "insulin resistance", _INHERENT),
    (
        re.compile(
            r"\bglucose intolerance\b|\bimpaired glucose tolerance\b|\bhyperglyc(?:a)?emia\b", _I
        ),
        "glucose intolerance",
        _INHERENT,
    ),
    (re.compile(r"\bmetabolic disorders\b", _I), "metabolic disorders", _INHERENT),
    (re.compile(r"\bthrombocytopenia\b", _I), "thrombocytopenia", _INHERENT),
    (re.compile(r"\ban(?:a)?emia\b", _I), "anemia", _INHERENT),
    (re.compile(r"\bmicrocytosis\b", _I), "microcytosis", _INHERENT),
    (re.compile(r"\bhypochromia\b", _I), "hypochromia", _INHERENT),
    (
        re.compile(r"\bh(?:a)?emoglobin, h(?:a)?ematocrit,? and red blood cell count\b", _I),
        "reduced red blood cell indices",
        _DECREASE,
    ),
    (
        re.compile(
            r"\b(?:impaired|delayed|poor) wound healing\b|"
            r"\binhibit(?:s|ed)? the wound healing(?: process)?",
            _I,
        ),
        "impaired wound healing",
        _INHERENT,
    ),
    (
        re.compile(
            r"\b(?:respiratory tract|lung|urinary tract|opportunistic) infections?\b|"
            r"\binfections?\b",
            _I,
        ),
        "infections",
        _HARM_CUE,
    ),
    (re.compile(r"\bpneumocystis pneumonia\b|\bpneumonia\b", _I), "pneumonia", _HARM_CUE),
    (re.compile(r"\bdiarrh(?:o)?ea\b", _I), "diarrhea", _INHERENT),
    (re.compile(r"\bnausea\b", _I), "nausea", _INHERENT),
    (re.compile(r"\bvomiting\b", _I), "vomiting", _INHERENT),
    (
        re.compile(r"\b(?:acneiform|facial|skin) rash\b|\brash/eczema\b|\brash\b|\beczema\b", _I),
        "rash",
        _INHERENT,
    ),
    (re.compile(r"\barthralgia\b", _I), "arthralgia", _INHERENT),
    (
        re.compile(r"\brenal toxicity\b|\bnephrotoxicity\b|\bproteinuria\b", _I),
        "renal toxicity",
        _INHERENT,
    ),
    (
        re.compile(
            r"\b(?:blood/)?bone marrow toxicity\b|\bmyelosuppression\b|"
            r"\bh(?:a)?ematologic(?:al)? toxicity\b",
            _I,
        ),
        "bone marrow toxicity",
        _INHERENT,
    ),
    (
        re.compile(
            r"\bgastrointestinal and metabolic toxicity\b|\bgastrointestinal (?:illnesses|"
            r"issues|disorders|toxicity|side effects|symptoms|upset)\b",
            _I,
        ),
        "gastrointestinal effects",
        _INHERENT,
    ),
    (
        re.compile(r"\bswelling in the lower extremities\b|\bperipheral (?:o)?edema\b", _I),
        "peripheral edema",
        _INHERENT,
    ),
    (
        re.compile(
            r"\bimmunosuppression\b|\bsuppress(?:es|ed)? memory responses\b|"
            r"\binhibit(?:s|ed)? the antitumor immune response\b",
            _I,
        ),
        "immunosuppression",
        _INHERENT,
    ),
    (re.compile(r"\bautoimmunity\b", _I), "autoimmunity", _INHERENT),
    (
        re.compile(r"\bslower growth\b|\bgrowth retardation\b|\bstunted growth\b", _I),
        "slower growth",
        _INHERENT,
    ),
    (
        re.compile(r"\bdelayed reproductive age\b|\bdelayed sexual maturation\b", _I),
        "delayed reproductive maturation",
        _INHERENT,
    ),
    (
        re.compile(
            r"\bwell tolerated\b|\bno (?:evaluable |significant |serious |major )?"
            r"(?:side effects|adverse (?:effects|events))\b",
            _I,
        ),
        NO_EFFECT,
        _INHERENT,
    ),
)

# A protective verb shortly before a term in the same clause makes it a benefit, not a harm.
_BENEFIT = re.compile(
    r"\b(?:attenuat|amelior|alleviat|prevent|protect|rescu|mitigat|treat(?:s|ed|ing)?\b|"
    r"reduc\w* the (?:risk|incidence)|lower\w* the risk|against\b)",
    _I,
)

_FREQUENCY = re.compile(
    # a bound is part of the frequency: "in less than 1% of patients" is no "1%"
    r"(?:\b(?:less than|fewer than|more than|greater than|up to|at least|at most|approximately|"
    r"about|nearly|almost|roughly|over|under|below|above)\s+|[<>≤≥]\s?)?"
    rf"\b\d+(?:\.\d+)?\s?%(?: of (?:the )?(?:patients|subjects|participants|individuals|cases|"
    rf"recipients))?|\b{_NUMW} (?:of|out of) (?:the )?{_NUMW} (?:subjects|patients|participants|"
    rf"individuals)\b|\b(?:very )?(?:frequently|commonly|rarely) (?:observed|reported)\b",
    _I,
)

#: Wordings users type -> canonical effect name (filtering by one wording finds the others).
EFFECT_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        [
            "ulcer",
            "ulcers",
            "oral ulcer",
            "oral ulcers",
            "mouth ulcer",
            "mouth ulcers",
            "mouth sore",
            "mouth sores",
            "sores",
            "canker sores",
            "aphthous ulcer",
            "aphthous ulcers",
            "oral aphthous ulcers",
            "aphthae",
            "non-healing oral ulcers",
            "stomatitis",
            "stomatitis / oral ulcers",
            "mtor inhibitor-associated stomatitis",
        ],
        STOMATITIS,
    ),
    **dict.fromkeys(["mucositis", "oral mucositis"], "mucositis"),
    **dict.fromkeys(
        ["hypercholesterolemia", "hypercholesterolaemia", "cholesterol", "high cholesterol"],
        "hypercholesterolemia",
    ),
    **dict.fromkeys(
        ["hypertriglyceridemia", "hypertriglyceridaemia", "triglycerides", "high triglycerides"],
        "hypertriglyceridemia",
    ),
    **dict.fromkeys(
        [
            "dyslipidemia",
            "dyslipidaemia",
            "hyperlipidemia",
            "abnormal lipid profiles",
            "abnormal lipids",
        ],
        "dyslipidemia",
    ),
    **dict.fromkeys(["insulin resistance", "insulin"], "insulin resistance"),
    **dict.fromkeys(
        [
            "glucose intolerance",
            "glucose",
            "hyperglycemia",
            "impaired glucose tolerance",
            "diabetes",
        ],
        "glucose intolerance",
    ),
    **dict.fromkeys(["thrombocytopenia", "low platelets", "platelets"], "thrombocytopenia"),
    **dict.fromkeys(["anemia", "anaemia"], "anemia"),
    **dict.fromkeys(["microcytosis"], "microcytosis"),
    **dict.fromkeys(["hypochromia"], "hypochromia"),
    **dict.fromkeys(
        [
            "hemoglobin",
            "haemoglobin",
            "hematocrit",
            "red blood cell count",
            "reduced red blood cell indices",
        ],
        "reduced red blood cell indices",
    ),
    **dict.fromkeys(
        ["wound healing", "impaired wound healing", "delayed wound healing"],
        "impaired wound healing",
    ),
    **dict.fromkeys(
        ["infection", "infections", "respiratory tract infections", "respiratory infections"],
        "infections",
    ),
    **dict.fromkeys(["pneumonia", "pneumocystis", "pneumocystis pneumonia", "pcp"], "pneumonia"),
    **dict.fromkeys(["diarrhea", "diarrhoea"], "diarrhea"),
    **dict.fromkeys(["nausea"], "nausea"),
    **dict.fromkeys(
        ["rash", "rashes", "eczema", "acne", "acneiform rash", "facial rash", "skin rash"], "rash"
    ),
    **dict.fromkeys(["arthralgia", "joint pain"], "arthralgia"),
    **dict.fromkeys(
        ["renal toxicity", "nephrotoxicity", "kidney toxicity", "kidney"], "renal toxicity"
    ),
    **dict.fromkeys(
        [
            "bone marrow toxicity",
            "bone marrow",
            "myelosuppression",
            "blood toxicity",
            "blood/bone marrow toxicity",
        ],
        "bone marrow toxicity",
    ),
    **dict.fromkeys(
        ["gastrointestinal", "gi", "gastrointestinal effects", "gastrointestinal issues"],
        "gastrointestinal effects",
    ),
    **dict.fromkeys(["edema", "oedema", "swelling", "peripheral edema"], "peripheral edema"),
    **dict.fromkeys(["immunosuppression", "immune suppression"], "immunosuppression"),
    **dict.fromkeys(["autoimmunity", "autoimmune"], "autoimmunity"),
    **dict.fromkeys(["growth", "slower growth"], "slower growth"),
    **dict.fromkeys(
        ["reproduction", "delayed reproductive age", "delayed reproductive maturation"],
        "delayed reproductive maturation",
    ),
    **dict.fromkeys(["none", "well tolerated", "no side effects"], NO_EFFECT),
}

# Broader words that cover several canonical effects.
_BROADER: dict[str, frozenset[str]] = {
    "lipids": frozenset({"dyslipidemia", "hypercholesterolemia", "hypertriglyceridemia"}),
    "lipid": frozenset({"dyslipidemia", "hypercholesterolemia", "hypertriglyceridemia"}),
    "metabolic": frozenset(
        {
            "dyslipidemia",
            "hypercholesterolemia",
            "hypertriglyceridemia",
            "insulin resistance",
            "glucose intolerance",
            "metabolic disorders",
        }
    ),
    "blood": frozenset(
        {
            "anemia",
            "thrombocytopenia",
            "microcytosis",
            "hypochromia",
            "reduced red blood cell indices",
            "bone marrow toxicity",
        }
    ),
    "anemia": frozenset(
        {"anemia", "microcytosis", "hypochromia", "reduced red blood cell indices"}
    ),
    "anaemia": frozenset(
        {"anemia", "microcytosis", "hypochromia", "reduced red blood cell indices"}
    ),
    "infection": frozenset({"infections", "pneumonia"}),
    "infections": frozenset({"infections", "pneumonia"}),
    "skin": frozenset({"rash"}),
    "mouth": frozenset({STOMATITIS, "mucositis"}),
    "oral": frozenset({STOMATITIS, "mucositis"}),
    "immune": frozenset({"immunosuppression", "autoimmunity"}),
}
