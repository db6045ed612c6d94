"""Guides for patients, each with an FAQ block."""


def faq(heading, pairs):
    return {
        "type": "faq",
        "value": {
            "heading": heading,
            "items": [{"question": q, "answer": f"<p>{a}</p>"} for q, a in pairs],
        },
    }


def para(html):
    return {"type": "paragraph", "value": html}


def heading(text):
    return {"type": "heading", "value": text}


GUIDES = [
    {
        "title": "How to get ready for a medical massage",
        "slug": "preparing-for-a-medical-massage",
        "summary": "What to tell your therapist, what to wear, and what to do before you arrive.",
        "conditions": [],
        "areas": [],
        "body": [
            para(
                "<p>A little planning helps your therapist help you. It also helps you relax "
                "on the table.</p>"
            ),
            heading("Before the day"),
            para(
                "<ul><li>Write down where it hurts and what makes it worse.</li>"
                "<li>Rate your pain from 0 to 10 so you can track it.</li>"
                "<li>List your health problems and the drugs you take.</li></ul>"
            ),
            heading("On the day"),
            para(
                "<ul><li>Wear loose, comfy clothes.</li>"
                "<li>Eat a light meal. Skip big meals and alcohol before you go.</li>"
                "<li>Drink some water.</li>"
                "<li>Come 10 minutes early to fill in forms and settle in.</li></ul>"
            ),
            {
                "type": "callout",
                "value": {
                    "tone": "warning",
                    "text": "<p>Tell your therapist if "
                    "you take blood thinners, are pregnant, or have a rash or fever.</p>",
                },
            },
            faq(
                "Questions people ask",
                [
                    (
                        "Do I have to undress?",
                        "Only as much as you are comfortable with. You stay "
                        "covered by a sheet. For some work you can stay in loose clothes.",
                    ),
                    (
                        "Can I ask for less pressure?",
                        "Yes, at any time. Good therapists check in "
                        "with you. Pain that makes you hold your breath is too much.",
                    ),
                    (
                        "Which kind of massage will I get?",
                        "It depends on your problem. Your "
                        "therapist may use deep tissue work, myofascial release or trigger point "
                        "work.",
                    ),
                ],
            ),
        ],
    },
    {
        "title": "Does insurance pay for medical massage?",
        "slug": "insurance-coverage-for-medical-massage",
        "summary": "Some plans pay for massage when a doctor says you need it. Here is how to "
        "check and what papers you need.",
        "conditions": ["low-back-pain", "neck-pain"],
        "areas": [],
        "body": [
            para(
                "<p>Coverage depends on your plan. Many plans pay only when massage treats a "
                "health problem a doctor has found. Massage for relaxing is rarely "
                "covered.</p>"
            ),
            heading("Steps to take"),
            para(
                "<ol><li>Talk to your doctor or physical therapist about your pain. Ask if "
                "massage could help.</li>"
                "<li>Ask for a written referral or prescription.</li>"
                "<li>Call your insurer. Ask what they cover and which forms they need.</li>"
                "<li>Choose a licensed therapist who can send notes to your insurer.</li>"
                "</ol>"
            ),
            para(
                "<p>Keep copies of every form and receipt. You may be able to use a health "
                "savings account (HSA) or flexible spending account (FSA) if your plan says "
                "no.</p>"
            ),
            faq(
                "Questions people ask",
                [
                    (
                        "What does medically needed mean?",
                        "It means the massage is part of a plan "
                        "to treat a problem, such as low back pain. Your doctor writes this down.",
                    ),
                    (
                        "Does the therapist need a license?",
                        "Most insurers pay only licensed "
                        "therapists. Use our directory to find one.",
                    ),
                    (
                        "What if my plan pays only part?",
                        "Ask the clinic about a payment plan or a "
                        "package price for several visits.",
                    ),
                ],
            ),
        ],
    },
    {
        "title": "How to keep the relief after a massage",
        "slug": "keeping-the-relief",
        "summary": "Simple habits that help you feel better for longer after each session.",
        "conditions": ["low-back-pain", "neck-pain", "post-exertional-soreness"],
        "areas": ["low-back", "neck", "shoulders"],
        "body": [
            para(
                "<p>A massage can ease pain for a few days. What you do next helps the relief "
                "last.</p>"
            ),
            heading("Habits that help"),
            para(
                "<ul><li>Do the stretches your therapist shows you.</li>"
                "<li>Move every day. A short walk counts.</li>"
                "<li>Sit and stand tall. Raise your screen to eye level.</li>"
                "<li>Use heat to relax tight muscles. Use a cold pack after hard "
                "exercise.</li>"
                "<li>Book regular visits if your pain keeps coming back.</li></ul>"
            ),
            para(
                "<p>Many people do well with one or two visits a week for a few weeks. Then "
                "they visit less and keep up their own routines.</p>"
            ),
            faq(
                "Questions people ask",
                [
                    (
                        "Is it normal to feel sore the next day?",
                        "Yes, mild soreness for a day or "
                        "two is common after firm work. Sharp or growing pain is not. Call your "
                        "therapist.",
                    ),
                    (
                        "Should I use heat or cold?",
                        "Heat helps tight, stiff muscles. Cold helps "
                        "fresh swelling after exercise. Use either for 15 to 20 minutes.",
                    ),
                    (
                        "How soon can I exercise?",
                        "Light movement the same day is fine. Wait a day "
                        "before hard training after deep work.",
                    ),
                ],
            ),
        ],
    },
    {
        "title": "When to see a doctor before a massage",
        "slug": "when-to-see-a-doctor-first",
        "summary": "Massage is safe for most people. Some health problems mean you should "
        "check with a doctor first.",
        "conditions": [],
        "areas": [],
        "body": [
            para(
                "<p>Massage helps many kinds of muscle pain. It is not right for every "
                "problem. Your therapist will ask about your health before you start.</p>"
            ),
            heading("Check with a doctor first if you"),
            para(
                "<ul><li>have a fever, the flu, or a skin infection;</li>"
                "<li>take blood thinners and your dose keeps changing;</li>"
                "<li>have had a blood clot, or one leg is red, hot and swollen;</li>"
                "<li>have cancer, weak bones, or had surgery in the last few weeks.</li></ul>"
            ),
            {
                "type": "callout",
                "value": {
                    "tone": "danger",
                    "text": "<p>Call 911 for chest pain, "
                    "sudden weakness on one side, or trouble speaking.</p>",
                },
            },
            faq(
                "Questions people ask",
                [
                    (
                        "Can I get a massage when I am pregnant?",
                        "Often yes, with a therapist "
                        "trained in pregnancy massage. Ask your midwife or doctor first.",
                    ),
                    (
                        "What if my pain gets worse after a massage?",
                        "Stop and call your therapist. If it is severe or new, see a doctor.",
                    ),
                ],
            ),
        ],
    },
]
