"""Self-care routines. Titles match the demo videos, which are attached by title."""


def step(title, text, seconds=None, reps=None, sets=None, caution=""):
    return {
        "title": title,
        "instructions": f"<p>{text}</p>",
        "duration_seconds": seconds,
        "sets": sets,
        "reps": reps,
        "image": None,
        "caution": caution,
        "video_start": None,
        "video_end": None,
    }


NUMB = "You feel numbness, tingling or weakness in an arm, hand or leg."
SHARP = "The pain gets sharp, or gets worse instead of easing."

ROUTINES = [
    {
        "title": "Desk-worker neck and shoulder release",
        "slug": "desk-worker-neck-and-shoulder-release",
        "summary": "A 10-minute break for a stiff neck and tight shoulders after hours at a "
        "desk. You only need a chair.",
        "difficulty": "easy",
        "total_minutes": 10,
        "areas": ["neck", "shoulders", "upper-back"],
        "conditions": ["neck-pain", "tension-type-headache"],
        "equipment": ["chair"],
        "modalities": ["swedish-massage", "trigger-point-therapy"],
        "steps": [
            step(
                "Shoulder rolls",
                "Sit tall. Lift your shoulders to your ears. Roll them back "
                "and down. Keep the move slow.",
                reps=10,
                sets=2,
            ),
            step(
                "Chin tucks",
                "Look straight ahead. Slide your chin back, as if making a "
                "double chin. Hold for a breath, then relax.",
                reps=10,
            ),
            step(
                "Side neck stretch",
                "Drop your right ear toward your right shoulder. Rest "
                "your right hand on your head, with no pulling. Breathe. Switch sides.",
                seconds=60,
                caution="Stop if you feel tingling in your arm.",
            ),
            step(
                "Shoulder squeeze massage",
                "Reach your left hand to the top of your right "
                "shoulder. Squeeze and let go along the muscle. Switch sides.",
                seconds=120,
            ),
            step(
                "Chest opener",
                "Clasp your hands behind your back. Lift your chest and draw "
                "your shoulders back. Hold, then let go.",
                seconds=30,
                sets=None,
            ),
            step(
                "Slow breathing",
                "Put one hand on your belly. Breathe in for 4 counts and "
                "out for 6. Let your shoulders drop each time you breathe out.",
                seconds=90,
            ),
        ],
        "red_flags": [
            NUMB,
            "You have a bad headache that came on all at once.",
            "Your neck pain started after a fall or a crash.",
        ],
        "contraindications": "<p>Skip this routine if you hurt your neck in the last few "
        "weeks and have not seen a doctor.</p>",
    },
    {
        "title": "Low-back foam-roller routine",
        "slug": "low-back-foam-roller-routine",
        "summary": "Use a foam roller on the muscles around your low back. It loosens the hips "
        "and upper back without pressing on the spine.",
        "difficulty": "moderate",
        "total_minutes": 12,
        "areas": ["low-back", "hips", "upper-back"],
        "conditions": ["low-back-pain"],
        "equipment": ["foam-roller"],
        "modalities": ["myofascial-release", "deep-tissue-massage"],
        "steps": [
            step(
                "Knee hugs",
                "Lie on your back. Pull both knees to your chest. Rock gently side to side.",
                seconds=45,
            ),
            step(
                "Upper-back roll",
                "Lie with the roller under your upper back. Cross your arms. "
                "Lift your hips and roll slowly from your shoulder blades to mid back.",
                seconds=60,
                caution="Do not roll on your low back itself. The spine there has less support.",
            ),
            step(
                "Buttock roll",
                "Sit on the roller. Cross one ankle over the other knee. Lean "
                "toward the crossed leg and roll slowly. Switch sides.",
                seconds=120,
            ),
            step(
                "Side-of-hip roll",
                "Lie on your side with the roller under your hip. Support "
                "yourself with your arms. Roll a short way up and down.",
                seconds=60,
            ),
            step(
                "Cat and cow",
                "Get on hands and knees. Round your back up, then let it sag "
                "gently. Move with your breath.",
                reps=10,
            ),
            step(
                "Child's pose",
                "Sit back on your heels and reach your arms forward. Rest your "
                "head and breathe slowly.",
                seconds=60,
            ),
        ],
        "red_flags": [
            "You have numbness between your legs or trouble peeing or holding it in.",
            NUMB,
            "You have back pain with a fever, or pain that wakes you at night.",
        ],
        "contraindications": "<p>Skip the roller if you have weak bones, are pregnant, or had "
        "back surgery. Ask your care team first.</p>",
    },
    {
        "title": "Tension-headache self-massage",
        "slug": "tension-headache-self-massage",
        "summary": "Ease a dull, band-like headache by rubbing the muscles of your head, jaw "
        "and neck. It takes about 8 minutes.",
        "difficulty": "easy",
        "total_minutes": 8,
        "areas": ["head-and-jaw", "neck"],
        "conditions": ["tension-type-headache"],
        "equipment": [],
        "modalities": ["trigger-point-therapy", "swedish-massage"],
        "steps": [
            step(
                "Temple circles",
                "Place two fingers on each temple. Make slow, small circles. "
                "Keep the pressure light.",
                seconds=60,
            ),
            step(
                "Jaw release",
                "Find the muscle that bulges when you clench your teeth. Press "
                "it and make small circles. Let your mouth fall open a little.",
                seconds=60,
            ),
            step(
                "Base of the skull",
                "Put your thumbs under the bony ridge at the back of your "
                "head. Press up and in. Hold, then move a little and press again.",
                seconds=90,
                caution="Press gently. It should feel good, not sharp.",
            ),
            step(
                "Scalp rub",
                "Spread your fingers over your scalp. Move the skin in small "
                "circles, like washing your hair.",
                seconds=60,
            ),
            step(
                "Neck stroke",
                "Stroke down the side of your neck from ear to shoulder. Use "
                "your palm. Switch sides.",
                seconds=60,
            ),
            step(
                "Rest and breathe",
                "Close your eyes. Breathe in slowly through your nose and out through your mouth.",
                seconds=90,
            ),
        ],
        "red_flags": [
            "This is the worst headache of your life, or it came on in seconds.",
            "You have a headache with fever, a stiff neck, confusion or trouble speaking.",
            "Your headache started after a blow to the head.",
        ],
        "contraindications": "<p>Do not press on your neck if you have had a neck injury or "
        "a stroke.</p>",
    },
    {
        "title": "Post-run calf and hamstring care",
        "slug": "post-run-calf-and-hamstring-care",
        "summary": "Help tired legs recover after a run. Cool down, roll and stretch the calves "
        "and the backs of the thighs.",
        "difficulty": "moderate",
        "total_minutes": 15,
        "areas": ["calves", "hamstrings"],
        "conditions": ["post-exertional-soreness"],
        "equipment": ["foam-roller", "massage-ball", "towel"],
        "modalities": ["sports-massage"],
        "steps": [
            step("Walk it off", "Walk at an easy pace until your breathing settles.", seconds=180),
            step(
                "Calf roll",
                "Sit with one calf on the roller. Lift your hips and roll from "
                "ankle to knee. Switch legs.",
                seconds=120,
            ),
            step(
                "Wall calf stretch",
                "Put your hands on a wall. Step one foot back and press "
                "the heel down. Hold, then switch legs.",
                seconds=60,
                sets=None,
            ),
            step(
                "Hamstring roll",
                "Sit with the roller under the back of your thighs. Roll slowly from knee to hip.",
                seconds=90,
            ),
            step(
                "Towel hamstring stretch",
                "Lie on your back. Loop a towel around one foot. "
                "Raise the leg until you feel a stretch. Switch legs.",
                seconds=90,
            ),
            step(
                "Foot roll",
                "Stand and roll a massage ball under your foot, heel to toes. Switch feet.",
                seconds=60,
            ),
        ],
        "red_flags": [
            "Your calf is swollen, hot, red or hurts to touch. It may be a blood clot.",
            "You felt a pop or sudden sharp pain during the run.",
            "Your pee turns dark brown after very hard exercise.",
        ],
        "contraindications": "<p>Do not roll over a fresh bruise or a muscle you think you "
        "tore.</p>",
    },
    {
        "title": "Hot-wrap relaxation routine",
        "slug": "hot-wrap-relaxation-routine",
        "summary": "Warm tight muscles with a hot-water wrap while you breathe slowly. Good at "
        "the end of a long day.",
        "difficulty": "easy",
        "total_minutes": 20,
        "areas": ["neck", "shoulders", "low-back"],
        "conditions": ["tension-type-headache", "low-back-pain", "neck-pain"],
        "equipment": ["hot-water-wrap", "towel"],
        "modalities": ["swedish-massage"],
        "steps": [
            step(
                "Check the heat",
                "Fill the wrap with warm water, not boiling. Wrap it in a "
                "thin towel. Test it on your forearm first.",
                seconds=60,
                caution="Too much heat can burn. It should feel warm, never hot.",
            ),
            step(
                "Warm the neck and shoulders",
                "Lie down or sit back. Rest the wrap across your neck and shoulders.",
                seconds=420,
            ),
            step(
                "Belly breathing",
                "Breathe in for 4 counts. Breathe out for 6 counts. Let "
                "your jaw and shoulders go soft.",
                seconds=120,
            ),
            step(
                "Gentle neck turns",
                "Slowly turn your head to look over one shoulder, then the other.",
                reps=8,
            ),
            step(
                "Warm the low back",
                "Move the wrap to your low back. Lie on your side or "
                "back with a pillow under your knees.",
                seconds=420,
            ),
        ],
        "red_flags": [
            "Your skin turns bright red, blisters or stays numb after the heat.",
            "Your pain came on after an injury and the area is swollen.",
        ],
        "contraindications": "<p>Do not use heat if you have poor feeling in your skin, such "
        "as from diabetes, or on a fresh injury or swelling.</p>",
    },
    {
        "title": "Massage-ball upper-back release",
        "slug": "massage-ball-upper-back-release",
        "summary": "Use a massage ball against a wall to ease knots between your shoulder "
        "blades. It takes about 10 minutes.",
        "difficulty": "moderate",
        "total_minutes": 10,
        "areas": ["upper-back", "shoulders"],
        "conditions": ["neck-pain"],
        "equipment": ["massage-ball"],
        "modalities": ["trigger-point-therapy", "myofascial-release"],
        "steps": [
            step(
                "Find the spot",
                "Stand with your back to a wall. Put the ball between the "
                "wall and the muscle beside your shoulder blade.",
                seconds=30,
                caution="Keep the ball off your spine.",
            ),
            step(
                "Lean and hold",
                "Lean into the ball until you feel firm pressure. Hold and "
                "breathe until the spot eases.",
                seconds=90,
            ),
            step(
                "Small rolls", "Bend your knees a little to roll the ball up and down.", seconds=90
            ),
            step(
                "Arm sweeps",
                "Keep leaning on the ball. Sweep your arm slowly across your chest and back.",
                reps=8,
                sets=2,
            ),
            step(
                "Other side", "Move the ball to the other side and repeat the steps.", seconds=180
            ),
            step(
                "Shoulder blade squeeze",
                "Stand away from the wall. Squeeze your shoulder "
                "blades together, hold, and let go.",
                reps=10,
            ),
        ],
        "red_flags": [NUMB, SHARP, "You have chest pain or trouble breathing. Call 911."],
        "contraindications": "<p>Skip this if you have weak bones or a rib injury.</p>",
    },
    {
        "title": "Hip release for long sitting days",
        "slug": "hip-release-for-long-sitting-days",
        "summary": "Loosen tight hips that pull on your low back after a day in a chair.",
        "difficulty": "easy",
        "total_minutes": 8,
        "areas": ["hips", "low-back"],
        "conditions": ["low-back-pain"],
        "equipment": ["massage-ball"],
        "modalities": ["myofascial-release"],
        "steps": [
            step(
                "Stand and march",
                "Stand up and march in place. Lift your knees a little higher each time.",
                seconds=60,
            ),
            step(
                "Front-of-hip stretch",
                "Kneel on one knee. Tuck your tailbone and shift forward a little. Switch sides.",
                seconds=90,
                caution="Put a folded towel under your knee if it hurts.",
            ),
            step(
                "Buttock ball press",
                "Sit on the floor. Put the ball under one buttock and "
                "roll in small circles. Switch sides.",
                seconds=120,
            ),
            step(
                "Figure-four stretch",
                "Lie on your back. Cross one ankle over the other knee. "
                "Pull the lower leg toward you. Switch sides.",
                seconds=90,
            ),
            step(
                "Bridge",
                "Lie on your back with knees bent. Squeeze your buttocks and lift "
                "your hips. Lower slowly.",
                reps=10,
            ),
        ],
        "red_flags": [
            "You have numbness between your legs or trouble peeing or holding it in.",
            SHARP,
        ],
        "contraindications": "<p>Skip the kneeling stretch if you had a hip replacement. Ask "
        "your surgeon which moves are safe.</p>",
    },
]
