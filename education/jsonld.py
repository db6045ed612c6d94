"""schema.org builders for routines (HowTo); rendering always goes through home.jsonld."""

from home.text import plain_text


def iso_minutes(minutes):
    """ISO 8601 duration: 10 -> 'PT10M', 90 -> 'PT1H30M'."""
    hours, rest = divmod(int(minutes), 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def iso_seconds(seconds):
    minutes, rest = divmod(int(seconds), 60)
    return "PT" + (f"{minutes}M" if minutes else "") + (f"{rest}S" if rest or not minutes else "")


def nested(data):
    """An object embedded in another one carries no @context of its own."""
    return {key: value for key, value in data.items() if key != "@context"}


def howto_step(page_url, row):
    step = {
        "@type": "HowToStep",
        "position": row["number"],
        "name": row["title"],
        "text": plain_text(row["instructions"]),
        "url": f"{page_url}#step-{row['number']}",
    }
    if row["caution"]:
        step["itemListElement"] = [
            {"@type": "HowToTip", "text": f"Caution: {row['caution']}"},
        ]
    return step


def routine_howto(page, steps, request=None, video=None):
    page_url = page.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": page.title,
        "description": page.summary,
        "url": page_url,
        "totalTime": iso_minutes(page.total_minutes),
        "step": [howto_step(page_url, row) for row in steps],
    }
    tools = [item.name for item in page.equipment_list if item.kind == "tool"]
    supplies = [item.name for item in page.equipment_list if item.kind == "supply"]
    if tools:
        data["tool"] = [{"@type": "HowToTool", "name": name} for name in tools]
    if supplies:
        data["supply"] = [{"@type": "HowToSupply", "name": name} for name in supplies]
    if video is not None:
        data["video"] = nested(video)
    return data
