"""The five massage types of the comparison table."""

COMMON_CONTRA = (
    "<ul><li>You have a fever, the flu or a skin infection.</li>"
    "<li>You take blood thinners and your dose is not stable. Ask your doctor first.</li>"
    "<li>You have a blood clot, or a leg that is red, hot and swollen.</li>"
    "<li>The area has a fresh wound, burn or rash.</li></ul>"
)

MODALITIES = [
    {
        "title": "Swedish massage",
        "slug": "swedish-massage",
        "summary": "A gentle, full-body massage with long strokes. It is a good first massage "
        "and helps you relax.",
        "what_it_is": "<p>The therapist uses long, smooth strokes and light kneading. The "
        "pressure is soft to medium. The goal is to calm the body and get blood moving.</p>",
        "conditions": ["neck-pain", "tension-type-headache"],
        "indications_summary": "Tension and general relaxation",
        "session": (30, 60),
        "primary_benefit": "Better blood flow and relaxation",
        "best_use": "A first massage, or stress relief",
        "pressure_level": "light",
        "what_to_expect": "<p>You lie on a padded table under a sheet. Only the part being "
        "worked on is uncovered. The room is quiet and warm. Tell the therapist if you want "
        "more or less pressure.</p>",
        "evidence_summary": "<p>Studies show that massage can ease pain and stress for a short "
        "time. The effect is larger when you also stay active.</p>",
    },
    {
        "title": "Deep tissue massage",
        "slug": "deep-tissue-massage",
        "summary": "Slow, firm pressure on deep layers of muscle. It helps with muscles that "
        "have been tight for a long time.",
        "what_it_is": "<p>The therapist works slowly with firm pressure. They may use thumbs, "
        "knuckles or forearms. They focus on one or two tight areas, not the whole body.</p>",
        "conditions": ["low-back-pain", "neck-pain"],
        "indications_summary": "Long-term muscle tightness and scar tissue",
        "session": (30, 75),
        "primary_benefit": "Loosens stuck tissue and eases tight muscles",
        "best_use": "One area that stays deeply tight",
        "pressure_level": "deep",
        "what_to_expect": "<p>Some spots may feel tender. It should not feel sharp. Breathe "
        "slowly and speak up if it hurts too much. You may feel sore for a day or two.</p>",
        "evidence_summary": "<p>Firm massage can ease long-term back pain for a few weeks. It "
        "works best with exercise.</p>",
    },
    {
        "title": "Sports massage",
        "slug": "sports-massage",
        "summary": "Massage that helps active people get ready for exercise or recover after it.",
        "what_it_is": "<p>Sports massage mixes quick strokes, stretching and pressure. Before an "
        "event it is short and brisk. After an event it is slower and helps you recover.</p>",
        "conditions": ["post-exertional-soreness"],
        "indications_summary": "Overuse strain in athletes and active people",
        "session": (15, 60),
        "primary_benefit": "Gets muscles ready, or helps them recover",
        "best_use": "Before or after events and hard training",
        "pressure_level": "varies",
        "what_to_expect": "<p>You may stay in light sports clothes. The therapist may move your "
        "legs and arms to stretch them. A short session before a race lasts about 15 "
        "minutes.</p>",
        "evidence_summary": "<p>Massage after hard exercise can make sore muscles feel better "
        "sooner. It does not replace rest, food and sleep.</p>",
    },
    {
        "title": "Myofascial release",
        "slug": "myofascial-release",
        "summary": "Slow, steady stretching of the thin tissue around your muscles. It helps "
        "when stiffness limits how far you can move.",
        "what_it_is": "<p>Fascia is a thin layer that wraps your muscles. The therapist holds "
        "light, steady pressure and waits for the tissue to soften. Then they stretch it a "
        "little more.</p>",
        "conditions": ["low-back-pain", "neck-pain"],
        "indications_summary": "Stiffness that limits movement, and long-term pain",
        "session": (30, 60),
        "primary_benefit": "Helps tissue glide so joints move more freely",
        "best_use": "When stiffness stops you moving fully",
        "pressure_level": "moderate",
        "what_to_expect": "<p>Most of the work is done with no oil, so hands do not slide. "
        "Holds last a minute or more. It often feels like a slow, deep stretch.</p>",
        "evidence_summary": "<p>Small studies show it can ease back pain and help you move. More "
        "research is needed.</p>",
    },
    {
        "title": "Trigger point therapy",
        "slug": "trigger-point-therapy",
        "summary": "Firm pressure on small, tight knots that send pain to other places, like "
        "the head.",
        "what_it_is": "<p>A trigger point is a tight spot in a muscle. Pressing it can cause "
        "pain somewhere else. A knot in the neck may cause a headache. The therapist presses "
        "the spot until it eases.</p>",
        "conditions": ["tension-type-headache", "neck-pain"],
        "indications_summary": "Pain that spreads from one tight spot",
        "session": (15, 45),
        "primary_benefit": "Eases pain that spreads from knots",
        "best_use": "Quick relief for one sore spot",
        "pressure_level": "firm",
        "what_to_expect": "<p>The pressure is held for 30 to 90 seconds. It may feel tender, "
        "then ease. The area may be sore the next day. Drink water and move gently.</p>",
        "evidence_summary": "<p>Some trials show less headache and neck pain after trigger "
        "point work. Results vary from person to person.</p>",
    },
]
