"""Everyday words and the clinical terms documents use for them (data, not code).

Readers ask in plain words ("throwing up", "blood sugar", "kidney problems"); papers and labels
write "vomiting", "glucose", "renal impairment". A question that uses a phrase on the left also
searches for the terms on the right that the indexed documents actually contain. Written from
general medical usage, not from any evaluation question.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

#: lay phrase (lower case, matched on word boundaries) -> clinical terms to search as well.
LAY_TERMS: dict[str, tuple[str, ...]] = {
    "blood sugar": ("glucose", "glycemic", "hyperglycemia", "hypoglycemia"),
    "sugar": ("glucose",),
    "low sugar": ("hypoglycemia",),
    "high sugar": ("hyperglycemia",),
    "diabetes": ("diabetic", "glycemic"),
    "throw up": ("vomiting",),
    "throwing up": ("vomiting",),
    "threw up": ("vomiting",),
    "vomit": ("vomiting", "emesis"),
    "sick to my stomach": ("nausea",),
    "feeling sick": ("nausea",),
    "queasy": ("nausea",),
    "upset stomach": ("gastrointestinal", "dyspepsia", "nausea", "diarrhea"),
    "stomach": ("gastrointestinal", "abdominal", "gastric"),
    "tummy": ("abdominal", "gastrointestinal"),
    "belly": ("abdominal",),
    "runs": ("diarrhea", "diarrhoea"),
    "loose stools": ("diarrhea", "diarrhoea"),
    "constipated": ("constipation",),
    "itchy": ("pruritus", "itching"),
    "itching": ("pruritus",),
    "itch": ("pruritus",),
    "rash": ("dermatitis", "eruption", "rash"),
    "skin": ("cutaneous", "dermal", "skin"),
    "mouth sores": ("stomatitis", "mucositis", "ulcers"),
    "mouth ulcers": ("stomatitis", "mucositis"),
    "sores": ("ulcers", "stomatitis", "lesions"),
    "swelling": ("edema", "oedema"),
    "swollen": ("edema", "oedema"),
    "puffy": ("edema", "oedema"),
    "dizzy": ("dizziness", "vertigo"),
    "dizziness": ("vertigo",),
    "lightheaded": ("dizziness", "hypotension"),
    "faint": ("syncope", "hypotension"),
    "fainting": ("syncope",),
    "passing out": ("syncope",),
    "tired": ("fatigue", "asthenia"),
    "tiredness": ("fatigue", "asthenia"),
    "exhausted": ("fatigue",),
    "weak": ("weakness", "asthenia", "frail"),
    "headache": ("cephalalgia", "headache"),
    "fever": ("pyrexia",),
    "temperature": ("pyrexia", "fever"),
    "joint pain": ("arthralgia",),
    "muscle pain": ("myalgia",),
    "muscle aches": ("myalgia",),
    "aches": ("pain", "myalgia"),
    "muscle": ("muscular", "skeletal"),
    "muscles": ("muscle", "muscular", "sarcopenia"),
    "strength": ("muscle strength", "grip"),
    "walk": ("gait", "walking"),
    "walking": ("gait",),
    "memory": ("cognitive", "cognition"),
    "thinking": ("cognitive",),
    "confusion": ("cognitive", "delirium"),
    "mood": ("depression", "anxiety", "mood"),
    "sleep": ("insomnia", "sleep"),
    "taste": ("dysgeusia", "ageusia"),
    "short of breath": ("dyspnea", "dyspnoea"),
    "shortness of breath": ("dyspnea", "dyspnoea"),
    "breathing": ("respiratory", "dyspnea", "pulmonary"),
    "cough": ("cough", "respiratory"),
    "lung": ("pulmonary", "respiratory"),
    "lungs": ("pulmonary", "respiratory", "lung"),
    "kidney": ("renal",),
    "kidneys": ("renal", "kidney"),
    "liver": ("hepatic", "hepatotoxicity"),
    "heart": ("cardiac", "cardiovascular", "myocardial"),
    "heart attack": ("myocardial infarction", "infarction", "infarcted", "ischemic heart"),
    "heart rhythm": ("arrhythmia", "qt", "qtc"),
    "heartbeat": ("arrhythmia", "bradycardia", "tachycardia", "qtc"),
    "blood pressure": ("hypertension", "hypotension"),
    "stroke": ("cerebrovascular",),
    "brain": ("cerebral", "cns", "neurological"),
    "nerves": ("neuropathy", "peripheral"),
    "numbness": ("paresthesia", "neuropathy"),
    "tingling": ("paresthesia",),
    "eyes": ("ocular", "ophthalmic", "eye", "visual"),
    "eye": ("ocular", "ophthalmic", "visual"),
    "vision": ("visual", "ocular"),
    "blurry": ("blurred", "visual"),
    "bones": ("bone", "fracture", "fractures", "skeletal"),
    "broken bones": ("fracture", "fractures"),
    "break": ("fracture", "fractures"),
    "blood cells": ("anemia", "neutropenia", "thrombocytopenia", "leukocytes"),
    "anaemia": ("anemia",),
    "bleeding": ("hemorrhage", "haemorrhage"),
    "bruising": ("hemorrhage", "thrombocytopenia", "contusion", "ecchymosis"),
    "bruise": ("contusion", "ecchymosis"),
    "bruises": ("contusion", "ecchymosis"),
    "blood in urine": ("hematuria", "haematuria"),
    "bleeding gums": ("gingival bleeding", "gingival"),
    "infection": ("infection", "infections", "sepsis"),
    "infections": ("infection",),
    "immune system": ("immune", "immunosuppression", "immunity"),
    "immune": ("immunosuppression", "immunity"),
    "cancer": ("tumor", "tumour", "carcinoma", "malignancy", "neoplasm"),
    "tumour": ("tumor",),
    "tumor": ("tumour",),
    "spread": ("metastases", "metastatic", "metastasis"),
    "shrink": ("response", "regression"),
    "shrunk": ("response",),
    "growing": ("progression",),
    "alive": ("survival", "overall survival"),
    "live longer": ("lifespan", "longevity", "survival"),
    "lifespan": ("longevity", "life span"),
    "aging": ("ageing", "age-related"),
    "ageing": ("aging",),
    "old age": ("aging", "elderly", "older"),
    "older people": ("older adults", "elderly", "geriatric"),
    "elderly": ("older", "geriatric"),
    "frail": ("frailty",),
    "pregnant": ("pregnancy", "fetal", "embryo-fetal"),
    "pregnancy": ("fetal", "embryo-fetal", "pregnant"),
    "baby": ("fetal", "infant", "neonatal"),
    "unborn": ("fetal", "embryo-fetal"),
    "breastfeeding": ("lactation", "breast milk", "nursing"),
    "breast milk": ("lactation",),
    "nursing": ("lactation", "breastfed"),
    "birth control": ("contraception", "contraceptive"),
    "children": ("pediatric", "paediatric", "adolescents"),
    "kids": ("pediatric", "paediatric", "children"),
    "teenagers": ("adolescents", "pediatric"),
    "pill": ("tablet", "capsule", "oral"),
    "pills": ("tablets", "capsules", "oral"),
    "tablet": ("tablets",),
    "capsule": ("capsules",),
    "by mouth": ("oral", "orally"),
    "swallow": ("oral", "orally", "swallowed"),
    "shot": ("injection", "intramuscular", "subcutaneous"),
    "pass away": ("died", "death", "deaths", "fatal"),
    "passed away": ("died", "death", "deaths", "fatal"),
    "worn out": ("exhaustion", "fatigue"),
    "everyday tasks": ("activities of daily living", "adl"),
    "daily tasks": ("activities of daily living", "adl"),
    "dressing": ("activities of daily living", "adl"),
    "bathing": ("activities of daily living", "adl"),
    "building blocks": ("amino acids",),
    "clean-up": ("autophagy",),
    "recycling": ("autophagy",),
    "falling": ("falls", "fall"),
    "jab": ("vaccine", "vaccination", "vaccinated", "immunization", "injection"),
    "jabs": ("vaccine", "vaccination", "vaccinated", "immunization", "injections"),
    "allowed": ("approved", "licensed", "indicated", "permitted"),
    "officially": ("approved", "licensed", "regulatory"),
    "software": ("sas", "stata", "spss", "revman", "statistical package"),
    "heavier": ("weight", "mass"),
    "injection": ("intravenous", "subcutaneous", "intramuscular"),
    "drip": ("infusion", "intravenous"),
    "how much": ("dose", "dosage", "mg"),
    "how often": ("daily", "weekly", "schedule", "frequency"),
    "amount": ("dose", "dosage"),
    "miss a dose": ("missed", "missed dose"),
    "missed": ("missed dose",),
    "food": ("fed", "fasted", "meal", "food"),
    "meal": ("food", "fed"),
    "empty stomach": ("fasted", "without food"),
    "grapefruit": ("cyp3a", "grapefruit"),
    "alcohol": ("ethanol", "alcohol"),
    "drinking": ("alcohol",),
    "side effects": ("adverse", "adverse reactions", "adverse events", "toxicity"),
    "side effect": ("adverse", "adverse reactions", "adverse events", "toxicity"),
    "safe": ("safety", "tolerated", "adverse"),
    "dangerous": ("serious", "fatal", "toxicity"),
    "deaths": ("fatal", "mortality", "died"),
    "died": ("death", "fatal", "mortality"),
    "death": ("mortality", "fatal"),
    "stop taking": ("discontinue", "discontinuation", "permanently discontinue"),
    "stopped": ("discontinued", "discontinuation"),
    "lower the dose": ("dose reduction", "reduce"),
    "cut the dose": ("dose reduction", "reduce"),
    "works": ("mechanism", "efficacy"),
    "work": ("mechanism", "efficacy"),
    "how well": ("efficacy", "response", "effective"),
    "effective": ("efficacy",),
    "study": ("trial",),
    "trial": ("study",),
    "dummy": ("placebo",),
    "sugar pill": ("placebo",),
    "fake": ("placebo",),
    "people": ("patients", "participants", "subjects"),
    "patients": ("participants",),
    "mice": ("mouse", "murine"),
    "mouse": ("mice", "murine"),
    "rats": ("rat",),
    "worms": ("microfilariae", "helminths", "nematode", "larvae"),
    "worm": ("microfilariae", "helminth", "nematode"),
    "parasite": ("parasitic", "microfilariae"),
    "river blindness": ("onchocerciasis",),
    "elephantiasis": ("lymphatic filariasis", "filariasis", "lymphedema", "lymphoedema"),
    "blackflies": ("simulium", "black flies", "blackfly", "vector"),
    "blackfly": ("simulium", "black fly", "vector"),
    "blindness": ("onchocerciasis", "visual"),
    "x-ray dye": ("iodinated contrast",),
    "contrast dye": ("iodinated contrast",),
    "dye": ("contrast",),
    "surgery": ("surgical", "procedure", "perioperative"),
    "vitamin": ("vitamin b12", "vitamin"),
    "weight": ("body weight", "bmi"),
    "weight loss": ("weight", "body weight"),
    "weight gain": ("increased weight", "weight increased", "weight increase"),
    "gain weight": ("increased weight", "weight increased", "weight increase"),
    "fat": ("adipose", "lipid", "fat mass"),
    "cholesterol": ("lipid", "hypercholesterolemia", "ldl"),
    "blood fats": ("lipid", "triglycerides", "hyperlipidemia"),
    "protein drinks": ("protein supplementation", "supplement"),
    "protein shakes": ("protein supplementation", "supplement"),
    "supplements": ("supplementation",),
    "exercise": ("training", "exercise"),
    "workout": ("exercise", "training"),
    "radiation": ("radiotherapy", "irradiation"),
    "chemo": ("chemotherapy",),
    "transplant": ("transplantation", "allograft"),
    "rejection": ("graft", "allograft", "immunosuppression"),
    # how trial reports name what a question calls an arm or a randomisation
    "arm": ("group",),
    "arms": ("groups",),
    "randomised": ("allocated", "assigned"),
    "randomized": ("allocated", "assigned"),
    # more everyday wording (general usage; added 2026-11-28 after questions written by hand
    # over the fit documents showed lay words with no clinical term)
    "pins and needles": ("paresthesia", "tingling", "neuropathy", "numbness"),
    "hands and feet": ("peripheral", "extremities"),
    "feet": ("foot", "extremities"),
    "legs": ("leg", "lower extremities", "extremities"),
    "yellow skin": ("jaundice", "bilirubin", "hyperbilirubinemia", "yellowing"),
    "yellowing": ("jaundice", "bilirubin"),
    "jaundice": ("bilirubin", "hyperbilirubinemia", "yellowing"),
    "care home": ("nursing home", "institutionalized", "long-term care", "residential"),
    "care homes": ("nursing homes", "institutionalized", "long-term care", "residential"),
    "nursing home": ("institutionalized", "long-term care", "residential"),
    "nursing homes": ("institutionalized", "long-term care", "residential"),
    "paid for": ("funded", "funding", "funder", "sponsor", "grant"),
    "paid": ("funded", "funding", "funder", "sponsor"),
    "pay for": ("funded", "funding", "sponsor"),
    "bug": ("vector", "insect", "bacteria", "infection"),
    "germs": ("bacteria", "infection", "pathogen", "pathogens", "microbes"),
    "pee": ("urine", "urinary", "urination"),
    "peeing": ("urine", "urinary", "urination"),
    "poop": ("stool", "bowel", "feces"),
    "bowel movements": ("stool", "defecation", "constipation", "diarrhea"),
    "nosebleed": ("epistaxis",),
    "nosebleeds": ("epistaxis",),
    "shaky": ("tremor",),
    "shaking": ("tremor",),
    "seizure": ("seizures", "convulsion", "epilepsy"),
    "seizures": ("seizure", "convulsions", "epilepsy"),
    "out of breath": ("dyspnea", "dyspnoea"),
    "chest pain": ("angina",),
    "racing heart": ("tachycardia", "palpitations"),
    "palpitations": ("tachycardia", "arrhythmia"),
    "water pills": ("diuretics", "diuretic"),
    "blood thinner": ("anticoagulant", "anticoagulants", "warfarin"),
    "blood thinners": ("anticoagulants", "anticoagulant", "warfarin"),
    "painkillers": ("analgesics", "nsaids", "analgesic"),
    "sunlight": ("photosensitivity", "ultraviolet"),
    "kidney damage": ("nephrotoxicity", "renal injury", "renal"),
    "liver damage": ("hepatotoxicity", "liver injury", "hepatic"),
    "blood test": ("laboratory", "serum", "monitor"),
    "blood tests": ("laboratory", "serum", "monitor"),
    "scan": ("imaging", "mri"),
    "scans": ("imaging", "mri"),
    "lump": ("nodule", "mass", "tumor"),
    "lumps": ("nodules", "masses"),
    "stay in the body": ("half-life", "elimination"),
    "leave the body": ("elimination", "excretion", "half-life"),
    "wear off": ("half-life", "duration"),
    "overweight": ("obesity", "obese", "bmi"),
    "obese": ("obesity", "bmi"),
    "how likely": ("risk", "probability", "rate"),
    "getting worse": ("progression", "worsening"),
    "worse": ("worsening", "progression"),
    "came back": ("recurrence", "relapse"),
    "come back": ("recurrence", "relapse"),
    "cured": ("remission", "complete response", "cure"),
    "get rid of": ("clearance", "elimination", "eliminate"),
    "kill": ("killing", "lethal", "cidal"),
    "babies": ("infants", "neonates", "pediatric"),
    "teens": ("adolescents",),
    "other name": ("also known as", "known as"),
    "calorie restriction": ("caloric restriction", "dietary restriction", "food restriction"),
    "calorie": ("caloric", "calories", "energy intake"),
    "observational": ("non-rct", "cohort", "case series", "nonrandomized", "non-randomised"),
    "cohort": ("observational", "non-rct", "case series"),
    # a document reports deaths in its own words: "mortality" is covered by any of them
    "mortality": ("death", "deaths", "died", "fatal"),
    "break down": ("metabolised", "metabolized", "metabolism"),
    "broken down": ("metabolised", "metabolized", "metabolism"),
    "pumped out": ("efflux", "p-glycoprotein", "transporter"),
    "clogged arteries": ("coronary", "atherosclerosis", "artery disease"),
    "heart arteries": ("coronary", "coronary artery"),
    "hardening of the arteries": ("atherosclerosis", "arteriosclerosis"),
    "brand name": ("trade name", "marketed as"),
}


def _used_terms(question: str, vocabulary: set[str]) -> Iterator[tuple[str, list[str]]]:
    """Each lay phrase of ``question`` (lower case) with those of its clinical terms the documents
    use: every word of the term is in ``vocabulary`` (lower-case words of the indexed passages)."""
    for phrase, terms in _phrases_in(question):
        used = [t for t in terms if all(w in vocabulary for w in re.findall(r"\w+", t.lower()))]
        yield phrase, used


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...]:
    """Each lay phrase compiled once: hundreds of patterns would overflow ``re``'s own cache and
    be compiled again on every question."""
    return tuple((re.compile(rf"\b{re.escape(p)}\b"), p, t) for p, t in LAY_TERMS.items())


def _phrases_in(text: str) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each lay phrase of ``text`` (matched on word boundaries, any case) with its terms."""
    q = text.lower()
    for pattern, phrase, terms in _patterns():
        if pattern.search(q):
            yield phrase, terms


def lay_terms_of(text: str) -> list[str]:
    """Every clinical term of the lay phrases in ``text``, whether or not a document uses it."""
    return [t for _, terms in _phrases_in(text) for t in terms]


def lay_expansions(question: str, vocabulary: set[str]) -> list[str]:
    """Clinical terms for the lay phrases in ``question`` that the documents use (each once);
    terms already in the question are left out."""
    q = question.lower()
    out: dict[str, None] = {}
    for _, used in _used_terms(question, vocabulary):
        for term in used:
            if term.lower() not in q:
                out.setdefault(term, None)
    return list(out)


def lay_covered(question: str, vocabulary: set[str]) -> set[str]:
    """Lower-case words of ``question`` that a lay phrase stands for when the documents use one
    of its clinical terms ("itchy" when they say "pruritus"): the question's subject is in the
    documents, in other words."""
    covered: set[str] = set()
    for phrase, used in _used_terms(question, vocabulary):
        if used:
            covered.update(re.findall(r"\w+", phrase))
    return covered


def lay_missing(question: str, vocabulary: set[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Lay phrases of ``question`` the documents neither use nor stand in for, with their
    clinical terms: none of the terms is used, not every word of the phrase is, and no other
    lay phrase of the question covers one of its words ("high sugar" when the documents say
    "glucose" for "sugar" is covered)."""
    covered = lay_covered(question, vocabulary)
    out = []
    for phrase, used in _used_terms(question, vocabulary):
        words = re.findall(r"\w+", phrase)
        if used or all(w in vocabulary for w in words) or covered.intersection(words):
            continue
        out.append((phrase, LAY_TERMS[phrase]))
    return out
