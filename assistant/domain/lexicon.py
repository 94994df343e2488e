"""Vocabulary of the table and label rules, as plain data (strings, tuples, dicts).

Nothing here is code: :mod:`assistant.domain.drugs`, :mod:`assistant.domain.tables` and
:mod:`assistant.domain.regimens` read these lists. Edit them to teach the extractor new words.
"""

from __future__ import annotations

#: Endings of international non-proprietary drug names (WHO INN stems) that mark a drug-like word.
DRUG_STEMS: tuple[str, ...] = (
    "mycin", "imus", "mab", "nib", "ectin", "formin", "statin", "azole", "cillin", "pril",
    "sartan", "olol", "parin", "dronate", "platin", "taxel", "rubicin", "zomib", "lisib", "ciclib",
    "zepam", "oxacin", "cycline", "mustine", "prazole", "glitazone", "gliptin", "flozin", "afil",
    "triptan", "setron", "lukast", "semide", "thiazide", "vudine", "previr", "asvir", "tegravir",
    "zolamide", "dipine", "vastatin", "lamide", "trexate", "citabine", "fungin", "conazole",
)  # fmt: skip

#: Label sections whose percentages are efficacy, exposure or product data, not adverse-effect
#: rates (:mod:`assistant.domain.rates` does not read them).
NON_SAFETY_SECTIONS: tuple[str, ...] = (
    "clinical studies", "pharmacokinetic", "pharmacology", "description", "how supplied",
    "storage", "mechanism of action",
)  # fmt: skip

#: Words with a drug-like ending that are not drugs.
NOT_DRUGS: tuple[str, ...] = (
    "peptide", "nucleotide", "dinucleotide", "nicotinamide", "pyrimidine", "guanidine",
    "phosphoinositide", "amide", "imidazole", "thiazole", "streptomycin",
)  # fmt: skip

#: Other names of a drug (lower case): the gate accepts them, records use the key.
DRUG_ALIASES: dict[str, tuple[str, ...]] = {
    "rapamycin": ("sirolimus", "rapalog", "rapalogs"),
    "sirolimus": ("rapamycin", "rapalog", "rapalogs"),
}

#: A drug must be named at least this often, and at least this share of the most frequent one.
DRUG_MIN_COUNT = 3
DRUG_MIN_SHARE = 0.2

#: Words that are arms of a comparison, not drugs, but take a drug's place in tables.
ARM_WORDS: tuple[str, ...] = ("placebo", "control", "vehicle")

#: Schedule wordings -> canonical schedule (longest wording first when matching).
SCHEDULE_CANON: dict[str, str] = {
    "once daily": "once daily",
    "once a day": "once daily",
    "qd": "once daily",
    "daily": "once daily",
    "twice daily": "twice daily",
    "twice a day": "twice daily",
    "bid": "twice daily",
    "three times daily": "three times daily",
    "tid": "three times daily",
    "once weekly": "weekly",
    "weekly": "weekly",
    "single dose": "single dose",
    "single oral dose": "single dose",
    "single-dose": "single dose",
    "a single dose": "single dose",
    "once": "single dose",
    "annual": "annual",
    "annually": "annual",
    "yearly": "annual",
    "twice yearly": "twice yearly",
    "twice-yearly": "twice yearly",
    "biannual": "twice yearly",
    "biannually": "twice yearly",
    "semiannual": "twice yearly",
    "quarterly": "quarterly",
    "every 3 weeks": "every 3 weeks",
    "every 2 weeks": "every 2 weeks",
    "every 4 weeks": "every 4 weeks",
}

#: Route wordings -> canonical route.
ROUTE_CANON: dict[str, str] = {
    "orally": "oral",
    "oral": "oral",
    "by mouth": "oral",
    "intravenously": "intravenous",
    "intravenous": "intravenous",
    "subcutaneously": "subcutaneous",
    "subcutaneous": "subcutaneous",
    "intramuscularly": "intramuscular",
    "intramuscular": "intramuscular",
    "topically": "topical",
    "topical": "topical",
}

#: Dose units the table and label rules accept (the sentence rules have their own in vocabulary).
DOSE_UNITS: tuple[str, ...] = (
    "mg/m2", "mg/m²", "mg/kg", "µg/kg", "μg/kg", "mcg/kg", "mg", "µg", "μg", "mcg", "g", "IU",
    "units", "mL",
)  # fmt: skip

#: Column or row wordings of severity -> normalised grade ("any", "3-4", "1".."5", ...).
GRADE_WORDS: dict[str, str] = {
    "all grades": "any",
    "any grade": "any",
    "all": "any",
    "grade 3 or 4": "3-4",
    "grade 3-4": "3-4",
    "grade 3–4": "3-4",
    "grades 3-4": "3-4",
    "grade ≥3": "3-4",
    "grade 1": "1",
    "grade 2": "2",
    "grade 3": "3",
    "grade 4": "4",
    "grade 5": "5",
    "serious": "serious",
    "fatal": "fatal",
}

#: Headings of label sections whose doses are not regimens (animal data, pharmacology, supply).
NON_REGIMEN_SECTIONS: tuple[str, ...] = (
    "pregnancy", "lactation", "nonclinical", "carcinogenesis", "toxicology", "pharmacokinetic",
    "pharmacology", "mechanism of action", "pharmacodynamic", "how supplied", "description",
    "overdosage", "drug interactions", "storage", "juvenile", "animal", "dosage forms",
    "patient counseling", "geriatric", "pediatric", "absorption", "distribution", "elimination",
    "metabolism", "excretion", "specific populations",
)  # fmt: skip

#: A heading that marks a document as a drug label (dosage sections, modifications).
LABEL_HEADINGS: tuple[str, ...] = ("dosage and administration", "prescribing information")

#: Column-header words naming a population group rather than an arm.
POPULATION_HEADERS: tuple[str, ...] = (
    "all participants", "all patients", "adolescents", "adults", "children", "overall",
    "pooled", "elderly",
)  # fmt: skip

#: Words of a table caption that mark an adverse-event table.
ADVERSE_TABLE_WORDS: tuple[str, ...] = (
    "adverse", "laboratory abnormalit", "side effect", "toxicit", "reaction", "any grade",
    "all grades",
)  # fmt: skip

#: Header words of a dose-reduction table.
REDUCTION_TABLE_WORDS: tuple[str, ...] = ("dose reduction", "dosage reduction")

#: Words of a dose-reduction table cell or column header naming a reduced level ("Dose Reduction
#: First", "Second dose reduction", "Reduced dose"); a column or row without them ("Dose",
#: "Starting Dose") holds the starting dose.
REDUCTION_LEVEL_WORDS: tuple[str, ...] = ("reduction", "reduced")

#: Beginnings of column-header words of a dosage-modification table's severity column
#: ("Severity*", "Grades"); a header with none of these or of the action words is the reaction.
SEVERITY_COLUMN_WORDS: tuple[str, ...] = ("severity", "grade", "criteria")

#: Beginnings of column-header words of its action column ("Dosage Modification", "Recommended
#: Action"); whole words, so "Adverse Reaction" is not one.
ACTION_COLUMN_WORDS: tuple[str, ...] = ("modification", "action", "recommend", "management")

#: Row labels of adverse-event tables that are not effects (headers, counts, footnotes).
NOT_EFFECT_LABELS: tuple[str, ...] = (
    "number of participants", "number of patients", "total", "n", "data are", "abbreviations",
    "based on", "includes", "adverse reaction", "laboratory abnormality", "continued",
)  # fmt: skip

#: Last words of group headings that run into the first row label of adverse-event tables
#: ("Nervous System Disorders Dizziness", "Chemistry Increased GGT").
GROUP_HEADINGS: tuple[str, ...] = (
    "disorders", "hematology", "chemistry", "nutritional", "investigations", "conditions",
    "infestations", r"\(%\)",
)  # fmt: skip


#: Schedules of treatment programmes (mass drug administration, community-directed treatment):
#: trial reports name them without a dose ("annual community-directed ivermectin treatment").
PROGRAMME_SCHEDULES: tuple[str, ...] = ("annual", "twice yearly", "quarterly")
