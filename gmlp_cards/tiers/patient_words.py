"""User-facing words of the patient view, per language.

To add a language, copy the `en` block under its code (e.g. `ko`) and translate the values; keep the
`{placeholders}`. A key missing from a language falls back to English, so a partial translation
still shows a complete page. Card text is never stored here: it comes from the card, in the card's
own languages.
"""

from __future__ import annotations

from gmlp_cards.evidence.icon_array import Frequency

FALLBACK = "en"

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "ko": "한국어",
    "es": "Español",
    "fr": "Français",
    "de": "Deutsch",
    "zh": "中文",
}

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "page_title": "{device} — for patients · GMLP Cards",
        "title": "{device}: information for patients",
        "intro": "This page explains, in plain words, a computer tool that may be used in your care.",
        "language": "Language",
        "fallback": "This information is not available in {requested}. It is shown in {shown}.",
        "fictional": "Fictional example — this is not a real medical device",
        "withdrawn": "The maker has withdrawn this version of the information.",
        "newer": "There is newer information about this tool.",
        "newer_link": "Read the newest information",
        "what_it_does": "What this tool does",
        "what_it_means": "What the result means for me",
        "benefits": "Possible benefits",
        "risks": "What can go wrong",
        "frequencies": "Out of {total} people like you",
        "frequencies_intro": "Think of {total} people who have this test:",
        "frequency_item": "**{n}** people {outcome}",
        "frequency_table": "The same numbers as a table",
        "frequency_outcome": "What happens",
        "frequency_count": "People out of {total}",
        # A natural frequency (gmlp_cards.evidence.icon_array.frequency); `total` as "1,000".
        "freq_none": "0 in {total}",
        "freq_fewer": "fewer than 1 in {total}",
        "freq_about": "about {n} in {total}",
        "freq_more": "more than {n} in {total}",
        "freq_all": "{total} in {total}",
        "imported": "Imported draft from {source}: this is not published information. {gaps} facts "
        "are missing or assumed.",
        "draft": "Draft: this information has not been published yet.",
        "talk": "When to talk to your doctor or nurse",
        "report": "Tell us about a problem with this tool",
        "clinician_link": "Information for health professionals",
        "not_found_title": "Information not found",
        "catalog_link": "See all devices",
        # Evidence checks (gmlp_cards.ui.findings): groups the numbers say less about.
        "less_known_title": "Less is known for some people",
        "less_known_intro": "The tests of this tool say less about how well it works for people in "
        "these groups. If one of them describes you, ask your doctor or nurse what "
        "the result means for you.",
        "less_known_item": "People like you if you are in this group: **{group}** ({dimension})",
        "less_known_names": "The group names are shown as the card writes them, untranslated.",
        # The portal's menu (app.py), in the language the address asks for (`?lang=`).
        "nav_catalog": "Device catalog",
        "nav_device": "Device information",
        "nav_patient": "For patients",
        "nav_compare": "Compare versions",
        "nav_report": "Report a concern",
        "nav_desk": "Manufacturer desk",
        "nav_publish": "Publish versions",
        "dimension_sex": "sex",
        "dimension_age_band": "age group",
        "dimension_race": "race",
        "dimension_ethnicity": "ethnicity",
        "dimension_site": "hospital or clinic",
        "dimension_site_type": "type of hospital or clinic",
        "dimension_acquisition_device": "machine used for the test",
        "dimension_disease_severity": "how severe the illness is",
        "dimension_geography": "where you live",
        "dimension_setting": "where you are cared for",
        "dimension_comorbidity": "other health conditions",
        "dimension_cohort": "group of people in the study",
        "dimension_study_arm": "group in the study",
        "dimension_skin_type": "skin type",
        "dimension_lesion_type": "kind of skin spot",
        "dimension_body_site": "part of the body",
        "dimension_image_quality": "picture quality",
        "dimension_view": "angle of the picture",
        "dimension_surgical_history": "past surgery",
        "dimension_other": "other",
        # Point of care (gmlp_cards.ui.pointofcare): icon array and what a result means.
        "icons_title": "Out of {total} people like you who have this test",
        "icons_intro": "Each mark is one person. Of people like you, {ill} have the condition the "
        "tool looks for.",
        "icons_item": "**{n}** people: {outcome}",
        "icons_true_positive": "have the condition, and the tool finds it",
        "icons_false_negative": "have the condition, but the tool misses it",
        "icons_false_positive": "do not have the condition, but the tool flags them",
        "icons_true_negative": "do not have the condition, and the tool does not flag them",
        "icons_positive": "If the tool flags you: of people like you who are flagged, **{ppv}** "
        "really have the condition. The others do not; more checks will tell.",
        "icons_negative": "If the tool does not flag you: of people like you who are not flagged, "
        "**{npv}** really do not have it.",
        "icons_source": "These numbers assume that {prevalence} people like you have the condition, "
        "and use the tool's test results.",
    },
    "ko": {
        "page_title": "{device} — 환자용 안내 · GMLP Cards",
        "title": "{device}: 환자분을 위한 안내",
        "intro": "이 페이지는 진료에 쓰일 수 있는 컴퓨터 도구를 쉬운 말로 설명합니다.",
        "language": "언어",
        "fallback": "이 안내는 {requested}로 제공되지 않아 {shown}로 보여 드립니다.",
        "fictional": "가상의 예시입니다 — 실제 의료기기가 아닙니다",
        "withdrawn": "제조사가 이 버전의 안내를 철회했습니다.",
        "newer": "이 도구에 대한 더 최신 안내가 있습니다.",
        "newer_link": "최신 안내 보기",
        "what_it_does": "이 도구가 하는 일",
        "what_it_means": "결과가 저에게 의미하는 것",
        "benefits": "기대할 수 있는 도움",
        "risks": "생길 수 있는 문제",
        "frequencies": "나와 같은 사람 {total}명 중",
        "frequencies_intro": "이 검사를 받는 사람 {total}명을 생각해 보세요.",
        "frequency_item": "**{n}**: {outcome}",
        "frequency_table": "같은 숫자를 표로 보기",
        "frequency_outcome": "일어나는 일",
        "frequency_count": "{total}명 중 사람 수",
        "freq_none": "{total}명 중 0명",
        "freq_fewer": "{total}명 중 1명 미만",
        "freq_about": "{total}명 중 약 {n}명",
        "freq_more": "{total}명 중 {n}명 초과",
        "freq_all": "{total}명 중 {total}명",
        "imported": "{source}에서 가져온 초안입니다: 공개된 안내가 아닙니다. {gaps}개 항목이 빠졌거나 "
        "추정되었습니다.",
        "draft": "초안: 아직 공개되지 않은 안내입니다.",
        "talk": "의사나 간호사와 상의해야 할 때",
        "report": "이 도구의 문제를 알려 주세요",
        "clinician_link": "의료진을 위한 정보",
        "not_found_title": "안내를 찾을 수 없습니다",
        "catalog_link": "모든 기기 보기",
        "less_known_title": "일부 사람들에 대해서는 알려진 것이 적습니다",
        "less_known_intro": "이 도구의 시험 결과로는 아래 집단에 속한 분들에게 얼마나 잘 맞는지 충분히 "
        "알 수 없습니다. 해당된다면 결과가 나에게 어떤 의미인지 의사나 간호사에게 "
        "물어보세요.",
        "less_known_item": "이 집단에 속하는 분: **{group}** ({dimension})",
        "less_known_names": "집단 이름은 번역하지 않고 카드에 적힌 그대로 표시합니다.",
        "nav_catalog": "기기 목록",
        "nav_device": "기기 정보",
        "nav_patient": "환자를 위한 안내",
        "nav_compare": "버전 비교",
        "nav_report": "문제 알리기",
        "nav_desk": "제조사 데스크",
        "nav_publish": "버전 게시",
        "dimension_sex": "성별",
        "dimension_age_band": "연령대",
        "dimension_race": "인종",
        "dimension_ethnicity": "민족",
        "dimension_site": "병원 또는 의원",
        "dimension_site_type": "병원 또는 의원의 종류",
        "dimension_acquisition_device": "검사에 쓰인 기계",
        "dimension_disease_severity": "질병의 중증도",
        "dimension_cohort": "연구 참여자 집단",
        "dimension_study_arm": "연구 집단",
        "dimension_skin_type": "피부 유형",
        "dimension_lesion_type": "피부 병변의 종류",
        "dimension_body_site": "신체 부위",
        "dimension_image_quality": "사진 품질",
        "dimension_view": "사진을 찍은 방향",
        "dimension_surgical_history": "과거 수술",
        "dimension_geography": "사는 지역",
        "dimension_setting": "진료받는 곳",
        "dimension_comorbidity": "다른 건강 문제",
        "dimension_other": "기타",
        "icons_title": "이 검사를 받는 나와 같은 사람 {total}명 중",
        "icons_intro": "표시 하나가 한 사람입니다. 나와 같은 사람 {ill}이 이 도구가 찾는 질환을 "
        "가지고 있습니다.",
        "icons_item": "**{n}**: {outcome}",
        "icons_true_positive": "질환이 있고, 도구가 찾아냅니다",
        "icons_false_negative": "질환이 있지만, 도구가 놓칩니다",
        "icons_false_positive": "질환이 없지만, 도구가 표시합니다",
        "icons_true_negative": "질환이 없고, 도구도 표시하지 않습니다",
        "icons_positive": "도구가 나를 표시했다면, 표시된 나와 같은 사람 **{ppv}**이 실제로 "
        "질환이 있습니다. 나머지는 없으며, 추가 검사로 알 수 있습니다.",
        "icons_negative": "도구가 나를 표시하지 않았다면, 표시되지 않은 나와 같은 사람 **{npv}**은 "
        "실제로 질환이 없습니다.",
        "icons_source": "이 숫자는 나와 같은 사람 {prevalence}이 질환을 가지고 있다고 보고, "
        "도구의 시험 결과를 사용해 계산했습니다.",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    """The phrase `key` in `lang` (English when that language lacks it), with values filled in."""
    phrase = STRINGS.get(lang, {}).get(key) or STRINGS[FALLBACK][key]
    return phrase.format(**values) if values else phrase


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code) or LANGUAGE_NAMES.get(code.split("-")[0], code)


def count_text(total: int) -> str:
    """A whole number of people as readers write it: `1,000`."""
    return f"{total:,}"


def frequency_text(lang: str, share: Frequency) -> str:
    """A natural frequency in words: `about 957 in 1,000`, `fewer than 1 in 1,000`, never rounded
    to all or none unless it is (gmlp_cards.evidence.icon_array.frequency decides which)."""
    return text(lang, f"freq_{share.kind}", n=count_text(share.count), total=count_text(share.total))
