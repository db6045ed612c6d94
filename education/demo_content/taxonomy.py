"""Body areas, equipment, conditions (with their codes) and clinical reviewers."""

BODY_AREAS = [
    ("Neck", "neck"),
    ("Shoulders", "shoulders"),
    ("Upper back", "upper-back"),
    ("Low back", "low-back"),
    ("Hips", "hips"),
    ("Hamstrings", "hamstrings"),
    ("Calves", "calves"),
    ("Head and jaw", "head-and-jaw"),
]

# (name, slug, kind)
EQUIPMENT = [
    ("Foam roller", "foam-roller", "tool"),
    ("Massage ball", "massage-ball", "tool"),
    ("Hot-water wrap", "hot-water-wrap", "tool"),
    ("Towel", "towel", "tool"),
    ("Sturdy chair", "chair", "tool"),
    ("Unscented lotion", "lotion", "supply"),
]

# ICD-10-CM codes as of FY2026; SNOMED CT concept ids where one fits well.
CONDITIONS = [
    {
        "name": "Low back pain",
        "slug": "low-back-pain",
        "synonyms": "lower back pain, lumbago, sore lower back",
        "icd10cm_codes": "M54.50, M54.59",
        "snomed_codes": "279039007",
        "description": "Aching or stiffness between the lowest ribs and the top of the legs.",
    },
    {
        "name": "Neck pain",
        "slug": "neck-pain",
        "synonyms": "cervicalgia, stiff neck, sore neck",
        "icd10cm_codes": "M54.2",
        "snomed_codes": "81680005",
        "description": "Pain or stiffness in the neck, often from posture or long screen time.",
    },
    {
        "name": "Tension-type headache",
        "slug": "tension-type-headache",
        "synonyms": "tension headache, stress headache",
        "icd10cm_codes": "G44.209, G44.219, G44.229",
        "snomed_codes": "398057008",
        "description": "A dull, band-like ache around the head, often with tight neck muscles.",
    },
    {
        "name": "Post-exertional soreness",
        "slug": "post-exertional-soreness",
        "synonyms": "muscle soreness after exercise, DOMS, delayed onset muscle soreness",
        "icd10cm_codes": "M79.10, M79.18",
        "snomed_codes": "",
        "description": "Sore, tight muscles a day or two after hard or new exercise.",
    },
]

REVIEWERS = [
    {
        "name": "Dana Whitfield",
        "credentials": "LMT",
        "bio": "Licensed massage therapist who works with desk workers and runners.",
    },
    {
        "name": "Priya Raman",
        "credentials": "PT, DPT",
        "bio": "Physical therapist who treats neck and back pain.",
    },
]
