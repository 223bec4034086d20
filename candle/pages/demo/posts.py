"""The demo posts: written for Candle from the facts on the organisation's public pages.

Every person named here is fictional (김가명, 이예시, 박보기, Jane Example …). Real bodies
(the UN, APRRN, Hanawon) appear only as the facts describe them.

Each post is Korean first; ``translate`` says how its English version is made:
"sync" through wagtail-localize (the default), "free" written freely by an editor, or None
(not translated yet).
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Block:
    """One StreamField block in both languages. ``kind``: paragraph, quote, image, video, table."""

    kind: str
    ko: object
    en: object
    image: str = ""  # demo image key, for kind == "image"
    url: str = ""  # for kind == "video"


def p(ko: str, en: str) -> Block:
    return Block("paragraph", ko, en)


def quote(ko: tuple[str, str], en: tuple[str, str]) -> Block:
    return Block(
        "quote", {"text": ko[0], "attribution": ko[1]}, {"text": en[0], "attribution": en[1]}
    )


def image(key: str, ko: tuple[str, str], en: tuple[str, str]) -> Block:
    return Block(
        "image",
        {"alt_text": ko[0], "caption": ko[1]},
        {"alt_text": en[0], "caption": en[1]},
        image=key,
    )


def video(url: str, ko: tuple[str, str], en: tuple[str, str]) -> Block:
    return Block(
        "video", {"title": ko[0], "caption": ko[1]}, {"title": en[0], "caption": en[1]}, url=url
    )


def table(
    ko_caption: str, en_caption: str, ko_rows: list[list[str]], en_rows: list[list[str]]
) -> Block:
    return Block(
        "table", {"caption": ko_caption, "rows": ko_rows}, {"caption": en_caption, "rows": en_rows}
    )


@dataclass(frozen=True)
class DemoPost:
    slug: str  # Korean page's slug; the English translation gets ``slug_en``
    board: str
    date: date
    title: tuple[str, str]
    summary: tuple[str, str]
    blocks: tuple[Block, ...]
    slug_en: str = ""
    byline: tuple[str, str] = ("북한인권시민연합", "NKHR")
    categories: tuple[str, ...] = ()
    work_areas: tuple[str, ...] = ()
    other_boards: tuple[str, ...] = ()
    pinned: bool = False
    in_reply_to: str = ""
    image: str = ""
    # (demo PDF key, (Korean caption, English caption)); the English through wagtail-localize
    attachments: tuple[tuple[str, tuple[str, str]], ...] = ()
    media_links: tuple[tuple[str, str, str, date | None], ...] = ()
    translate: str | None = "sync"
    free_en_blocks: tuple[str, ...] = field(
        default=()
    )  # paragraphs of a freely written English page
    hit_count: int = 0
    comments: tuple[tuple[str, str, date], ...] = ()


STAFF_KO = "김가명 간사"
STAFF_EN = "Kim Ga-myeong, project manager"
RESEARCHER = ("이예시 연구원", "Lee Ye-si, researcher")

POSTS: tuple[DemoPost, ...] = (
    # ── Advocacy & the UN ────────────────────────────────────────────────────────────────
    DemoPost(
        slug="geneva-high-commissioner-2013",
        slug_en="geneva-high-commissioner-meeting",
        board="news",
        date=date(2013, 1, 20),
        categories=("un", "activity"),
        work_areas=("advocacy",),
        image="geneva",
        title=(
            "제네바에서 유엔 인권최고대표를 만나다",
            "Meeting the UN High Commissioner in Geneva",
        ),
        summary=(
            "정치범수용소 생존자 두 분과 함께 유엔 인권최고대표에게 조사위원회 설립을 요청했습니다.",
            "With two survivors of the political prison camps, we asked the UN's human rights chief for a commission of inquiry.",
        ),
        byline=(STAFF_KO, STAFF_EN),
        blocks=(
            p(
                "<p>지난 12월, 본회 대표단은 제네바에서 유엔 인권최고대표와 면담했습니다. 북한인권 단체가 인권최고대표를 직접 만난 것은 이번이 처음입니다. 대표단에는 정치범수용소에서 살아 돌아온 생존자 두 분이 함께했습니다.</p>",
                "<p>Last December our delegation met the UN High Commissioner for Human Rights in Geneva, the first meeting of its kind for a North Korean human rights group. Two survivors of the political prison camps came with us.</p>",
            ),
            quote(
                (
                    "수용소에서 지금도 고통받는 사람들을 위해, 저는 몇 번이고 다시 이야기합니다.",
                    "한 생존자의 증언 중에서",
                ),
                (
                    "I tell my story again and again for the people who are still suffering in the camps.",
                    "From a survivor's testimony",
                ),
            ),
            p(
                "<p>생존자들의 증언이 끝난 뒤 대표단은 반인도범죄를 조사할 독립적인 <strong>조사위원회</strong>를 설치해 달라고 요청했습니다. 한 달 뒤 인권최고대표는 북한인권에 관한 첫 성명을 내고 조사위원회 설립을 공개적으로 촉구했습니다.</p>",
                "<p>After the testimonies the delegation asked for an independent <strong>commission of inquiry</strong> into crimes against humanity. A month later the High Commissioner issued her office's first statement on North Korea and publicly called for one.</p>",
            ),
        ),
        media_links=(
            (
                "UN rights chief calls for inquiry (demo link)",
                "https://news.example/un-inquiry",
                "News Example",
                date(2013, 1, 14),
            ),
            (
                "인권최고대표, 북한 조사위 촉구 (데모 링크)",
                "https://daily.example/2013/01/coi",
                "데일리 예시",
                date(2013, 1, 15),
            ),
        ),
        hit_count=812,
    ),
    DemoPost(
        slug="coi-report-2014",
        slug_en="coi-report-published",
        board="news",
        date=date(2014, 2, 18),
        categories=("un",),
        work_areas=("advocacy",),
        title=(
            "유엔 조사위원회, 북한 인권침해를 반인도범죄로 규정",
            "UN inquiry finds crimes against humanity in North Korea",
        ),
        summary=(
            "2013년 설립된 유엔 북한인권조사위원회(COI)가 최종 보고서를 발표했습니다.",
            "The UN Commission of Inquiry set up in 2013 has published its final report.",
        ),
        blocks=(
            p(
                "<p>2013년 유엔 인권이사회가 설립한 북한인권조사위원회가 1년간의 조사를 마치고 보고서를 발표했습니다. 위원회는 북한에서 벌어지는 인권침해가 반인도범죄에 해당하며, 그 책임자들이 법적 책임을 져야 한다고 밝혔습니다.</p>",
                "<p>The Commission of Inquiry, created by the UN Human Rights Council in 2013, has released its report after a year of work. It found that violations in North Korea amount to crimes against humanity and that those responsible must be held to account.</p>",
            ),
            p(
                "<p>본회는 조사위원회 설립을 위해 오랫동안 각국 정부와 유엔을 설득해 왔으며, 그동안 펴낸 보고서도 위원회의 참고 자료로 쓰였습니다. 이제 과제는 권고 이행입니다.</p>",
                "<p>We had spent years urging governments and the UN to create the commission, and our reports were among the material it drew on. The task now is to see its recommendations carried out.</p>",
            ),
        ),
        hit_count=1304,
    ),
    DemoPost(
        slug="salzburg-seminar-2015",
        slug_en="salzburg-seminar-2015",
        board="press",
        date=date(2015, 6, 10),
        categories=("press-release", "activity"),
        work_areas=("advocacy",),
        image="lanterns",
        title=(
            "잘츠부르크 국제 세미나, 반인도범죄 대응을 논의하다",
            "Salzburg seminar on responding to crimes against humanity",
        ),
        summary=(
            "2015년 6월 2일부터 6일까지 잘츠부르크 글로벌 세미나와 함께 국제회의를 열었습니다.",
            "From 2 to 6 June 2015 we held an international conference with the Salzburg Global Seminar.",
        ),
        blocks=(
            p(
                "<p>본회는 잘츠부르크 글로벌 세미나와 공동으로 북한인권 국제회의를 개최했습니다. 유엔 조사위원회 위원 세 명을 포함해 40명이 참석했고, 자유로운 토론을 위해 채텀하우스 규칙에 따라 진행했습니다.</p>",
                "<p>We co-hosted an international conference on North Korean human rights with the Salzburg Global Seminar. Forty people took part, three members of the UN Commission of Inquiry among them, and the talks were held under the Chatham House Rule.</p>",
            ),
        ),
        translate="free",
        free_en_blocks=(
            "<p>Forty participants, including three members of the UN Commission of Inquiry, spent five days in Salzburg (2–6 June 2015) asking one question: what should the world do now that crimes against humanity in North Korea are documented?</p>",
            "<p>The discussions were held under the Chatham House Rule. Participants came from the UN, governments, universities and civil society. This English page was written for international readers and says more than the Korean release.</p>",
            "<p>The seminar's recommendations on accountability, refugee protection and engagement are in the report attached to the Korean release; an English summary is available from our office on request.</p>",
        ),
        attachments=(("salzburg-programme", ("세미나 프로그램", "Seminar programme")),),
    ),
    DemoPost(
        slug="aprrn-joint-statement-nine-refugees",
        slug_en="aprrn-joint-statement-nine-refugees",
        board="statements",
        date=date(2015, 12, 1),
        categories=("statement", "urgent-appeal"),
        work_areas=("rescue", "advocacy"),
        other_boards=("press",),
        title=(
            "[공동성명] 중국은 북한난민 9명의 강제송환을 즉각 중단하라",
            "[Joint statement] China must stop the forcible return of nine North Korean refugees",
        ),
        summary=(
            "아시아태평양난민권리네트워크(APRRN)와 함께 생후 11개월 아기를 포함한 난민 9명의 보호를 촉구합니다.",
            "With the Asia Pacific Refugee Rights Network we call for the protection of nine refugees, an 11-month-old baby among them.",
        ),
        blocks=(
            p(
                "<p>북한난민 9명이 2015년 10월 22일 베트남에서 체포된 뒤 중국으로 넘겨졌고, 11월에는 북중 국경과 가까운 선양으로 옮겨진 것으로 알려졌습니다. 강제송환이 임박했다는 우려가 큽니다.</p>",
                "<p>Nine North Korean refugees were arrested in Vietnam on 22 October 2015 and handed to China; in November they were reportedly moved to Shenyang, close to the North Korean border. Their forcible return appears imminent.</p>",
            ),
            p(
                "<p>송환되면 이들은 고문과 구금, 심하면 처형의 위험에 놓입니다. 유엔 조사위원회도 2014년 보고서에서 강제송환된 사람들이 흔히 고문을 당한다고 확인했습니다. 중국은 <strong>강제송환 금지 원칙</strong>을 지키고 이들이 원하는 제3국으로 갈 수 있게 해야 합니다.</p>",
                "<p>If returned, they face torture, detention and possibly execution; the UN Commission of Inquiry confirmed in 2014 that people sent back are commonly tortured. China must respect the principle of <strong>non-refoulement</strong> and let them travel to a third country of their choice.</p>",
            ),
        ),
        attachments=(
            (
                "statement-nine-refugees",
                ("성명 전문 (국문·영문)", "Full statement (Korean and English)"),
            ),
        ),
        hit_count=2210,
    ),
    DemoPost(
        slug="nine-refugees-follow-up",
        slug_en="nine-refugees-follow-up",
        board="statements",
        date=date(2015, 12, 15),
        categories=("statement",),
        work_areas=("rescue",),
        in_reply_to="aprrn-joint-statement-nine-refugees",
        title=(
            "[후속] 북한난민 9명 관련 유엔 인권최고대표사무소 입장",
            "[Follow-up] The UN human rights office on the nine refugees",
        ),
        summary=(
            "공동성명에 이어 유엔 인권최고대표사무소가 우려를 표명했습니다.",
            "After our joint statement, the UN human rights office voiced its alarm.",
        ),
        blocks=(
            p(
                "<p>유엔 인권최고대표사무소는 정례 브리핑에서 9명의 행방을 우려하며 관련국들에 강제송환을 삼가라고 촉구했습니다. 본회는 이들의 안전이 확인될 때까지 계속 알리겠습니다.</p>",
                "<p>At its regular briefing the UN human rights office said it was alarmed about the nine and urged the governments concerned not to send them back. We will keep speaking up until their safety is confirmed.</p>",
            ),
        ),
    ),
    DemoPost(
        slug="upr-briefing-2024",
        slug_en="upr-briefing-2024",
        board="news",
        date=date(2024, 10, 8),
        categories=("un", "activity"),
        work_areas=("advocacy",),
        title=(
            "보편적정례검토(UPR)를 앞두고 각국 외교관에게 브리핑",
            "Briefing diplomats before the Universal Periodic Review",
        ),
        summary=(
            "제네바에서 북한 정례인권검토를 앞두고 각국 대표부에 최신 상황을 전했습니다.",
            "In Geneva we briefed missions on the latest situation before North Korea's periodic review.",
        ),
        byline=RESEARCHER,
        blocks=(
            p(
                "<p>북한의 네 번째 보편적정례검토를 앞두고 본회 연구원들이 제네바의 각국 대표부를 찾아 여성과 아동의 권리, 강제송환 문제를 중심으로 브리핑했습니다.</p>",
                "<p>Ahead of North Korea's fourth Universal Periodic Review, our researchers visited missions in Geneva to brief them, focusing on the rights of women and children and on forcible repatriation.</p>",
            ),
            table(
                "브리핑 일정 (예시)",
                "Briefing schedule (example)",
                [
                    ["날짜", "대상", "주제"],
                    ["10월 1일", "유럽 국가 대표부", "강제송환"],
                    ["10월 2일", "아시아 국가 대표부", "여성·아동 권리"],
                    ["10월 3일", "유엔 특별보고관실", "구금 시설"],
                ],
                [
                    ["Date", "With", "Topic"],
                    ["1 October", "European missions", "Forcible repatriation"],
                    ["2 October", "Asian missions", "Rights of women and children"],
                    ["3 October", "Special Rapporteur's office", "Places of detention"],
                ],
            ),
        ),
    ),
    DemoPost(
        slug="wgeid-submission-abductees",
        slug_en="wgeid-submission-abductees",
        board="news",
        date=date(2023, 5, 22),
        categories=("un",),
        work_areas=("advocacy",),
        title=(
            "납북자 가족과 함께 유엔 강제실종 실무그룹에 진정",
            "Abductees' families petition the UN working group on disappearances",
        ),
        summary=(
            "납북자 가족들의 사연을 유엔 강제적·비자발적실종에관한실무그룹(WGEID)에 제출했습니다.",
            "We submitted abductees' families' cases to the UN Working Group on Enforced or Involuntary Disappearances.",
        ),
        blocks=(
            p(
                "<p>본회는 비자발적실종반대아시아연합(AFAD)과 비자발적실종반대국제연대(ICAD)의 회원단체로서 납북자 가족들을 돕고 있습니다. 이번에는 가족 세 분의 사연을 정리해 유엔 실무그룹에 진정서를 냈습니다.</p>",
                "<p>As a member of the Asian Federation Against Involuntary Disappearances and the International Coalition Against Enforced Disappearances, we support the families of South Koreans abducted to the North. This time we filed three families' cases with the UN working group.</p>",
            ),
            quote(
                ("아버지가 어디에 계신지라도 알고 싶습니다.", "납북자 가족 박보기 씨(가명)"),
                (
                    "I only want to know where my father is.",
                    "Park Bo-gi (not her real name), an abductee's daughter",
                ),
            ),
        ),
    ),
    DemoPost(
        slug="coi-tenth-anniversary-statement",
        slug_en="coi-ten-years-statement",
        board="statements",
        date=date(2024, 2, 17),
        categories=("statement", "un"),
        work_areas=("advocacy",),
        title=(
            "[성명] 유엔 조사위원회 보고서 10년, 책임 규명은 아직이다",
            "[Statement] Ten years after the UN inquiry, accountability is still missing",
        ),
        summary=(
            "조사위원회 보고서 발표 10년을 맞아 국제사회에 권고 이행을 촉구합니다.",
            "Ten years on, we urge the international community to act on the inquiry's recommendations.",
        ),
        blocks=(
            p(
                "<p>2014년 유엔 북한인권조사위원회는 북한 지도부가 반인도범죄에 책임이 있다고 밝혔습니다. 그 후 10년이 지났지만 정치범수용소는 여전히 운영되고, 책임자 누구도 법정에 서지 않았습니다.</p>",
                "<p>In 2014 the UN Commission of Inquiry found North Korea's leadership responsible for crimes against humanity. Ten years later the political prison camps are still running and no one has stood trial.</p>",
            ),
            p(
                "<p>본회는 각국 정부에 증거 보존과 책임 규명 체계 마련을, 유엔에 권고 이행 점검을 요구합니다.</p>",
                "<p>We call on governments to preserve evidence and build paths to accountability, and on the UN to track whether its recommendations are kept.</p>",
            ),
        ),
    ),
    DemoPost(
        slug="torture-victims-day-2025",
        slug_en="torture-victims-day-2025",
        board="statements",
        date=date(2025, 6, 26),
        categories=("statement",),
        work_areas=("advocacy",),
        title=(
            "[성명] 고문 피해자 지원의 날에 부쳐",
            "[Statement] On the International Day in Support of Victims of Torture",
        ),
        summary=(
            "강제송환된 사람들이 겪는 고문을 멈추기 위해 모두가 나서야 합니다.",
            "Everyone must act to end the torture of people sent back to North Korea.",
        ),
        blocks=(
            p(
                "<p>6월 26일 고문 피해자 지원의 날을 맞아, 본회는 강제송환된 북한 주민들이 구금 시설에서 겪는 고문과 학대를 다시 알립니다. 고문은 어떤 이유로도 정당화될 수 없습니다.</p>",
                "<p>On 26 June, the International Day in Support of Victims of Torture, we speak again about the torture and abuse North Koreans suffer in detention after being sent back. Torture can never be justified.</p>",
            ),
        ),
    ),
    DemoPost(
        slug="non-refoulement-statement-2024",
        slug_en="non-refoulement-statement-2024",
        board="statements",
        date=date(2024, 11, 5),
        categories=("statement", "urgent-appeal"),
        work_areas=("rescue", "advocacy"),
        title=(
            "[성명] 강제송환 금지 원칙은 예외가 없다",
            "[Statement] Non-refoulement has no exceptions",
        ),
        summary=(
            "북한 주민을 불법 경제이주민으로 보는 정책은 국제법에 어긋납니다.",
            "Treating North Koreans as illegal economic migrants is contrary to international law.",
        ),
        blocks=(
            p(
                "<p>북한을 떠난 사람은 돌려보내지면 누구나 처벌받습니다. 그런데도 이들을 난민이 아닌 불법 경제이주민으로 취급하는 것은 국제법에 어긋납니다. 보호받지 못한 여성과 아동은 인신매매의 표적이 되고 있습니다.</p>",
                "<p>Anyone who leaves North Korea is punished if sent back. Treating them as illegal economic migrants instead of refugees is contrary to international law, and leaves unprotected women and children open to trafficking.</p>",
            ),
        ),
    ),
    DemoPost(
        slug="un-resolution-welcome-2025",
        slug_en="un-resolution-welcome-2025",
        board="press",
        date=date(2025, 12, 18),
        categories=("press-release", "un"),
        work_areas=("advocacy",),
        title=(
            "[보도자료] 유엔 총회 북한인권 결의안 채택을 환영합니다",
            "[Press release] We welcome the UN General Assembly resolution",
        ),
        summary=(
            "올해도 유엔 총회가 북한인권 결의안을 채택했습니다.",
            "Once again the UN General Assembly has adopted a resolution on North Korean human rights.",
        ),
        blocks=(
            p(
                "<p>본회는 여러 해 동안 결의안에 대한 국제적 지지를 모으는 데 힘써 왔습니다. 결의안이 종이 위의 약속에 그치지 않도록 각국이 이행에 나서기를 바랍니다.</p>",
                "<p>For many years we have worked to build international support for these resolutions. We now ask states to make sure this one does not remain a promise on paper.</p>",
            ),
        ),
    ),
    # ── Refugee rescue ───────────────────────────────────────────────────────────────────
    DemoPost(
        slug="sharing-hope-appeal-2026",
        slug_en="sharing-hope-appeal",
        board="news",
        date=date(2026, 10, 28),
        categories=("urgent-appeal", "campaign"),
        work_areas=("rescue",),
        image="river",
        title=(
            "[긴급호소] 제3국에서 기다리는 가족에게 안전한 길을",
            "[Urgent appeal] A safe road for a family waiting in a third country",
        ),
        summary=(
            "‘한 생명 살리기 희망나눔’ 캠페인: 어머니와 두 아이가 안전한 곳으로 갈 수 있도록 함께해 주세요.",
            "The Sharing Hope campaign: help a mother and her two children reach safety.",
        ),
        byline=(STAFF_KO, STAFF_EN),
        blocks=(
            p(
                "<p>한 어머니가 두 아이와 함께 은신처에서 이동할 날을 기다리고 있습니다. 붙잡히면 강제송환되어 가혹한 처벌을 받게 됩니다. (이 사연은 데모용으로 지어낸 것입니다.)</p>",
                "<p>A mother and her two children are waiting in a shelter for the day they can move on. If caught, they would be sent back and severely punished. (This story is invented for the demo.)</p>",
            ),
            image(
                "river",
                ("강물 위로 촛불 하나가 비치는 그림", "국경의 강을 건너는 길은 여전히 위험합니다."),
                (
                    "Illustration of a single candle reflected on a river",
                    "Crossing the border river is still dangerous.",
                ),
            ),
            p(
                "<p>보내 주신 후원금은 은신처 제공, 식량과 의약품, 제3국까지의 이동에 쓰입니다. 본회를 통해 안전한 곳에 이른 북한난민은 2022년 말까지 모두 <strong>1,156명</strong>입니다.</p>",
                "<p>Your gift pays for shelter, food and medicine, and the journey to a third country. By the end of 2022, <strong>1,156</strong> North Korean refugees had reached safety with our help.</p>",
            ),
            table(
                "후원금이 쓰이는 곳 (예시 금액)",
                "What a gift pays for (example amounts)",
                [
                    ["항목", "예시 금액"],
                    ["은신처 한 달", "30만 원"],
                    ["식량·의약품 한 달", "15만 원"],
                    ["제3국까지 이동 한 사람", "250만 원"],
                ],
                [
                    ["Item", "Example amount"],
                    ["A month of shelter", "KRW 300,000"],
                    ["A month of food and medicine", "KRW 150,000"],
                    ["One person's journey to a third country", "KRW 2,500,000"],
                ],
            ),
        ),
        hit_count=356,
    ),
    DemoPost(
        slug="refugees-1156-milestone",
        slug_en="refugees-helped-to-safety-1156",
        board="news",
        date=date(2023, 1, 16),
        categories=("activity",),
        work_areas=("rescue",),
        title=(
            "2022년 말까지 1,156명이 안전한 곳에 닿았습니다",
            "1,156 refugees helped to safety by the end of 2022",
        ),
        summary=(
            "본회를 통해 직·간접으로 안전한 곳에 이른 북한난민의 누계입니다.",
            "The total number of North Korean refugees who reached safety directly or indirectly through us.",
        ),
        blocks=(
            p(
                "<p>1996년 창립 이래 본회는 강제송환 위험이 큰 여성과 아동을 우선으로 은신처와 제3국을 거치는 안전한 경로를 마련해 왔습니다. 2022년 12월까지 그 수는 1,156명에 이릅니다.</p>",
                "<p>Since we were founded in 1996 we have found shelter and a safe route through a third country, putting women and children at greatest risk first. By December 2022 the total had reached 1,156.</p>",
            ),
            p(
                "<p>중국에 머무르기를 원하는 이들에게는 현지 협력자를 통해 식량, 의약품, 옷을 전하고 있습니다. 이 모든 일은 개인 후원으로 이루어집니다.</p>",
                "<p>For those who choose to stay in China, local partners bring food, medicine and clothing. All of this is paid for by private donations.</p>",
            ),
        ),
    ),
    DemoPost(
        slug="m-love-volunteers-mou",
        slug_en="m-love-volunteers-mou",
        board="news",
        date=date(2023, 3, 9),
        categories=("activity",),
        work_areas=("rescue",),
        title=(
            "탈북민 봉사단 ‘M사랑 나눔자원봉사단’과 업무협약",
            "Agreement with the M Love Sharing volunteer group",
        ),
        summary=(
            "탈북민으로 이루어진 봉사단과 ‘끈 잇기 활동’을 함께합니다.",
            "Together with a volunteer group of resettlers we start a 'keeping in touch' programme.",
        ),
        blocks=(
            p(
                "<p>탈북민으로 구성된 M사랑 나눔자원봉사단과 업무협약을 맺었습니다. 봉사단원들이 홀로 지내는 탈북민을 정기적으로 찾아가 안부를 묻고 생활의 어려움을 함께 풉니다.</p>",
                "<p>We signed an agreement with the M Love Sharing volunteer group, whose members are themselves resettlers. They will visit North Koreans living alone, check on them and help with everyday difficulties.</p>",
            ),
        ),
    ),
    DemoPost(
        slug="charity-concert-2025",
        slug_en="charity-concert-2025",
        board="news",
        date=date(2025, 9, 20),
        categories=("campaign",),
        work_areas=("rescue", "education"),
        image="candles",
        title=(
            "촛불 자선음악회, 난민 구호기금을 모았습니다",
            "Candlelight charity concert raises money for refugee relief",
        ),
        summary=(
            "시민 300여 명이 함께한 음악회 수익금 전액은 난민 구호에 쓰입니다.",
            "About 300 people came; every won raised goes to refugee relief.",
        ),
        blocks=(
            p(
                "<p>서울의 한 작은 공연장에서 열린 자선음악회에 시민 300여 명이 함께했습니다. 연주자들은 재능을 기부했고, 수익금은 모두 북한난민 구호에 쓰입니다.</p>",
                "<p>About 300 people filled a small hall in Seoul for our charity concert. The musicians gave their time, and all proceeds go to relief for North Korean refugees.</p>",
            ),
            video(
                "https://www.youtube.com/watch?v=Candle-demo",
                ("자선음악회 영상 (데모)", "데모용 주소이므로 영상은 재생되지 않을 수 있습니다."),
                ("Charity concert video (demo)", "A demo address: the video may not play."),
            ),
        ),
        comments=(
            ("정예시", "내년에도 꼭 가고 싶어요.", date(2025, 9, 21)),
            ("Jane Example", "A beautiful evening. Thank you!", date(2025, 9, 22)),
        ),
    ),
    DemoPost(
        slug="relief-in-china-partners",
        slug_en="relief-in-china-partners",
        board="news",
        date=date(2024, 3, 4),
        categories=("activity",),
        work_areas=("rescue",),
        title=(
            "중국 내 북한난민에게 겨울 구호품을 전했습니다",
            "Winter relief for North Korean refugees in China",
        ),
        summary=(
            "현지 협력자를 통해 식량과 겨울옷, 의약품을 전달했습니다.",
            "Through local partners we delivered food, winter clothes and medicine.",
        ),
        blocks=(
            p(
                "<p>법적 보호를 받지 못하는 북한난민은 병원에 가기도 어렵습니다. 올겨울 현지 협력자들이 가정 40여 곳에 식량과 옷, 상비약을 전했습니다.</p>",
                "<p>Without legal protection, North Korean refugees can rarely see a doctor. This winter our partners brought food, clothes and basic medicine to some 40 households.</p>",
            ),
        ),
        translate=None,  # still waiting for its English version: shows the "not translated yet" note
    ),
    # ── Youth programmes ─────────────────────────────────────────────────────────────────
    DemoPost(
        slug="hanawon-weekly-programme",
        slug_en="hanawon-weekly-programme",
        board="news",
        date=date(2024, 4, 15),
        categories=("activity",),
        work_areas=("youth",),
        image="spring",
        title=(
            "하나원 아동·청소년 주간 프로그램",
            "Weekly programme for children and teenagers at Hanawon",
        ),
        summary=(
            "하나원이 문을 연 뒤로 매주 안성 하나원을 찾아 아이들과 함께합니다.",
            "Every week since Hanawon opened, we have spent time with the children there.",
        ),
        blocks=(
            p(
                "<p>하나원은 새로 입국한 북한이탈주민이 처음 머무는 정부 정착지원 기관입니다. 본회 자원봉사자들은 매주 안성 하나원을 찾아 아이들과 공부하고 놀며 한국 생활을 미리 익히도록 돕습니다.</p>",
                "<p>Hanawon is the government centre where newly arrived North Koreans first stay. Every week our volunteers go to Hanawon in Anseong to study and play with the children and help them get ready for life in the South.</p>",
            ),
            image(
                "spring",
                ("봄빛 들판 위의 촛불 그림", "아이들과 함께하는 시간은 매주 이어집니다."),
                (
                    "Illustration of a candle over a spring field",
                    "Our time with the children continues every week.",
                ),
            ),
        ),
    ),
    DemoPost(
        slug="hangyeore-winter-school-2026",
        slug_en="hangyeore-winter-school-2026",
        board="notices",
        date=date(2026, 11, 2),
        categories=("notice",),
        work_areas=("youth",),
        title=(
            "2027 한겨레 계절학교 참가자 모집",
            "Hangyeore winter school 2027: applications open",
        ),
        summary=(
            "겨울방학 동안 탈북청소년의 공부를 돕는 계절학교 참가자와 교사를 모집합니다.",
            "We are looking for students and volunteer teachers for our winter study school.",
        ),
        blocks=(
            p(
                "<p>한겨레 계절학교는 겨울방학 3주 동안 탈북청소년들이 부족한 과목을 보충하고 친구를 사귀는 캠프입니다. 올해도 참가 학생과 자원봉사 교사를 모집합니다.</p>",
                "<p>The Hangyeore winter school is a three-week camp in the school holidays where resettled teenagers catch up on their studies and make friends. Students and volunteer teachers are welcome to apply.</p>",
            ),
            table(
                "일정",
                "Dates",
                [
                    ["구분", "기간"],
                    ["신청", "11월 30일까지"],
                    ["교사 연수", "12월 20일"],
                    ["계절학교", "1월 5일 ~ 1월 23일"],
                ],
                [
                    ["What", "When"],
                    ["Applications", "until 30 November"],
                    ["Teacher training", "20 December"],
                    ["Winter school", "5 to 23 January"],
                ],
            ),
        ),
        attachments=(("winter-school-application", ("신청서", "Application form")),),
    ),
    DemoPost(
        slug="l4-football-team",
        slug_en="l4-football-team",
        board="news",
        date=date(2025, 5, 31),
        categories=("activity",),
        work_areas=("youth",),
        image="lanterns",
        title=(
            "남북 청소년이 함께 뛰는 L4 축구팀",
            "L4: a football team of young people from North and South",
        ),
        summary=(
            "L4 축구팀 선수들에게 올해도 장학금을 전했습니다.",
            "This year again, L4 football team players received scholarships.",
        ),
        blocks=(
            p(
                "<p>L4 축구팀은 남한과 북한 출신 청소년이 한 팀으로 뛰는 축구팀입니다. 경기장에서 함께 땀 흘리며 서로를 알아 갑니다. 본회는 선수들에게 장학금을 지원합니다.</p>",
                "<p>L4 is a football team where young people from South and North Korea play side by side and get to know each other on the pitch. We support its players with scholarships.</p>",
            ),
            quote(
                (
                    "처음엔 말투가 달라 어색했는데, 이제는 눈빛만 봐도 패스가 통해요.",
                    "L4 선수 최가상(가명)",
                ),
                (
                    "At first our accents felt strange. Now we pass the ball with a glance.",
                    "Choi Ga-sang (not his real name), L4 player",
                ),
            ),
        ),
    ),
    DemoPost(
        slug="leadership-programme-2025",
        slug_en="leadership-programme-2025",
        board="news",
        date=date(2025, 8, 12),
        categories=("activity",),
        work_areas=("youth",),
        title=(
            "탈북대학생 리더십 프로그램 수료식",
            "Leadership programme for resettled university students",
        ),
        summary=(
            "통일 한반도를 이끌 탈북대학생 15명이 리더십 과정을 마쳤습니다.",
            "Fifteen resettled university students completed our leadership course.",
        ),
        blocks=(
            p(
                "<p>여섯 달 동안 이어진 리더십 프로그램에서 학생들은 토론과 발표, 인권 기초를 배우고 해외 인턴십 정보도 얻었습니다. 수료생 두 명은 내년 해외 인턴십에 나섭니다.</p>",
                "<p>Over six months the students practised debate and public speaking, learned the basics of human rights and heard about internships abroad. Two of them will start internships overseas next year.</p>",
            ),
        ),
    ),
    DemoPost(
        slug="career-guidance-programme",
        slug_en="career-guidance-programme",
        board="news",
        date=date(2024, 7, 2),
        categories=("activity",),
        work_areas=("youth",),
        title=(
            "진학진로 프로그램: 선배가 들려주는 대학 생활",
            "Study and career guidance: seniors talk about university",
        ),
        summary=(
            "먼저 정착한 선배들이 진학을 앞둔 탈북청소년과 만났습니다.",
            "Students who resettled earlier met teenagers about to choose a university.",
        ),
        blocks=(
            p(
                "<p>진학진로 프로그램은 탈북청소년이 자신에게 맞는 길을 찾도록 돕습니다. 이번 모임에서는 대학에 다니는 선배 다섯 명이 전공 선택과 장학금, 아르바이트 경험을 나눴습니다.</p>",
                "<p>The guidance programme helps resettled teenagers find a path that suits them. At this meeting five university students shared what they learned about choosing a subject, scholarships and part-time work.</p>",
            ),
        ),
    ),
    # ── Public education ─────────────────────────────────────────────────────────────────
    DemoPost(
        slug="school-awareness-lectures",
        slug_en="school-awareness-lectures",
        board="news",
        date=date(2024, 5, 20),
        categories=("activity",),
        work_areas=("education",),
        image="pages",
        title=(
            "학교와 군부대에서 이어진 북한인권 인식교육",
            "Awareness lectures in schools and military units",
        ),
        summary=(
            "‘배움을 사랑하고, 사랑을 배우자’는 마음으로 올봄 32곳에서 강연했습니다.",
            "In the spirit of 'love learning, learn to love' we spoke in 32 places this spring.",
        ),
        blocks=(
            p(
                "<p>북한인권에 대한 무관심과 탈북민에 대한 편견을 줄이기 위해, 본회 강사들이 학교와 교회, 군부대를 찾아갑니다. 올봄에는 32곳에서 약 4,000명을 만났습니다.</p>",
                "<p>To counter indifference to North Korean human rights and prejudice against resettlers, our speakers visit schools, churches and military units. This spring they met about 4,000 people in 32 places.</p>",
            ),
            video(
                "https://youtu.be/Candle-demo",
                ("인식교육 소개 영상 (데모)", "강연에서 함께 보는 짧은 영상입니다."),
                (
                    "Awareness education: an introduction (demo)",
                    "A short film we show at our talks.",
                ),
            ),
        ),
    ),
    DemoPost(
        slug="film-screening-seoul",
        slug_en="film-screening-seoul",
        board="news",
        date=date(2023, 11, 11),
        categories=("campaign",),
        work_areas=("education",),
        title=("다큐멘터리 상영회와 관객과의 대화", "Documentary screening and conversation"),
        summary=(
            "대학생 동아리와 함께 북한인권 다큐멘터리 상영회를 열었습니다.",
            "With a student society we screened a documentary on North Korean human rights.",
        ),
        blocks=(
            p(
                "<p>상영이 끝난 뒤 본회 이예시 연구원과 관객 80여 명이 한 시간 넘게 이야기를 나눴습니다. 많은 질문이 ‘내가 할 수 있는 일’에 관한 것이었습니다.</p>",
                "<p>After the film, our researcher Lee Ye-si talked with some 80 people for over an hour. Many questions were about what they themselves could do.</p>",
            ),
        ),
    ),
    DemoPost(
        slug="art-exhibition-light",
        slug_en="art-exhibition-light",
        board="press",
        date=date(2022, 10, 4),
        categories=("press-release", "campaign"),
        work_areas=("education",),
        title=(
            "[보도자료] 전시 ‘어둠 속의 촛불’ 개막",
            "[Press release] Exhibition 'A Candle in the Dark' opens",
        ),
        summary=(
            "북한인권을 주제로 한 작가 12명의 작품을 선보입니다.",
            "Twelve artists show work on North Korean human rights.",
        ),
        blocks=(
            p(
                "<p>어둠을 저주하기보다 촛불 하나를 켜는 편이 낫다는 말에서 이름을 딴 전시입니다. 작가 12명이 자유와 존엄을 주제로 한 회화와 설치 작품을 선보입니다.</p>",
                "<p>The exhibition takes its name from the saying that it is better to light a candle than to curse the darkness. Twelve artists show paintings and installations on freedom and dignity.</p>",
            ),
        ),
    ),
    # ── The organisation ─────────────────────────────────────────────────────────────────
    DemoPost(
        slug="diefenbaker-award",
        slug_en="diefenbaker-award",
        board="news",
        date=date(2011, 3, 28),
        categories=("activity",),
        work_areas=("advocacy",),
        title=(
            "캐나다 존 디펜베이커 인권·자유수호자상 수상",
            "NKHR receives Canada's John Diefenbaker Defender of Human Rights and Freedom Award",
        ),
        summary=(
            "캐나다 정부가 처음 제정한 상의 첫 수상 단체가 되었습니다.",
            "We are the first recipient of an award the Government of Canada has just created.",
        ),
        blocks=(
            p(
                "<p>2011년 3월, 본회는 캐나다 정부가 새로 제정한 존 디펜베이커 인권·자유수호자상을 받았습니다. 이 상은 북한 주민의 인권을 위해 함께해 온 모든 회원과 후원자의 것입니다.</p>",
                "<p>In March 2011 we received the newly created John Diefenbaker Defender of Human Rights and Freedom Award from the Government of Canada. It belongs to every member and donor who has stood with the people of North Korea.</p>",
            ),
        ),
    ),
    DemoPost(
        slug="founding-30th-anniversary",
        slug_en="founding-30th-anniversary",
        board="notices",
        date=date(2026, 4, 1),
        categories=("notice",),
        pinned=True,
        image="candle",
        title=("창립 30주년 기념 행사에 초대합니다", "You are invited: our 30th anniversary"),
        summary=(
            "1996년 5월 4일 창립 이후 30년, 함께해 주신 분들을 모십니다.",
            "Thirty years after our founding on 4 May 1996, we would like to thank you in person.",
        ),
        blocks=(
            p(
                "<p>북한인권시민연합은 1996년 5월 4일 서울에서 인권운동가, 학자, 탈북민이 함께 세웠습니다. 30년을 돌아보고 앞으로의 길을 이야기하는 자리에 회원과 후원자 여러분을 초대합니다.</p>",
                "<p>NKHR was founded in Seoul on 4 May 1996 by human rights activists, scholars and North Korean resettlers. Members and supporters are invited to look back on thirty years and talk about the road ahead.</p>",
            ),
            table(
                "행사 안내",
                "Event details",
                [
                    ["항목", "내용"],
                    ["일시", "2026년 5월 4일 오후 6시"],
                    ["장소", "서울 (데모용 가상 장소)"],
                    ["신청", "events@candle.example"],
                ],
                [
                    ["What", "Details"],
                    ["When", "4 May 2026, 6 p.m."],
                    ["Where", "Seoul (a fictional demo venue)"],
                    ["Sign up", "events@candle.example"],
                ],
            ),
        ),
    ),
    DemoPost(
        slug="donation-receipts-2026",
        slug_en="donation-receipts-2026",
        board="notices",
        date=date(2026, 1, 12),
        categories=("notice",),
        title=("2025년 기부금영수증 발급 안내", "Donation receipts for 2025"),
        summary=(
            "연말정산용 기부금영수증은 국세청 간소화 서비스에서도 조회됩니다.",
            "Receipts for your 2025 tax return are also available through the National Tax Service.",
        ),
        blocks=(
            p(
                "<p>2025년에 후원해 주신 분들의 기부금영수증 자료를 국세청 연말정산 간소화 서비스에 등록했습니다. 종이 영수증이 필요하시면 사무국으로 연락해 주세요.</p>",
                "<p>Receipt data for gifts made in 2025 has been sent to the National Tax Service's year-end tax service. If you need a paper receipt, please contact our office.</p>",
            ),
        ),
    ),
    DemoPost(
        slug="intern-volunteer-recruitment",
        slug_en="intern-volunteer-recruitment",
        board="notices",
        date=date(2026, 8, 25),
        categories=("notice",),
        work_areas=("youth", "education"),
        title=("하반기 인턴·자원봉사자 모집", "Interns and volunteers wanted this autumn"),
        summary=(
            "국제협력, 청소년 교육, 홍보 분야에서 함께할 분을 찾습니다.",
            "Join us in international advocacy, youth education or communications.",
        ),
        blocks=(
            p(
                "<p>북한인권에 관심 있는 누구나 지원할 수 있습니다. 영어 또는 다른 외국어를 할 수 있는 분, 청소년과 함께하기를 좋아하는 분을 특히 환영합니다.</p>",
                "<p>Anyone who cares about North Korean human rights may apply. People who speak English or another foreign language, and people who enjoy working with teenagers, are especially welcome.</p>",
            ),
        ),
    ),
    DemoPost(
        slug="website-renewal-notice",
        board="notices",
        date=date(2026, 11, 16),
        categories=("notice",),
        title=("홈페이지를 새로 단장했습니다", "Our website has a new home"),
        summary=("옛 게시판의 글과 자료를 새 홈페이지로 옮기고 있습니다.", ""),
        blocks=(
            p(
                "<p>더 읽기 쉽고 찾기 쉬운 홈페이지로 새로 단장했습니다. 옛 게시판의 글과 첨부파일은 차례로 옮기고 있으며, 불편한 점은 사무국으로 알려 주세요.</p>",
                "",
            ),
        ),
        translate=None,
    ),
    # ── Press releases on reports ────────────────────────────────────────────────────────
    DemoPost(
        slug="report-launch-women-2024",
        slug_en="report-launch-women-2024",
        board="press",
        date=date(2024, 3, 8),
        categories=("press-release",),
        work_areas=("advocacy", "rescue"),
        image="pages",
        title=(
            "[보도자료] 보고서 『경계에 선 여성들』 발간",
            "[Press release] New report: 'Women at the Border'",
        ),
        summary=(
            "세계 여성의 날을 맞아 북한 여성의 인권 실태 보고서를 펴냈습니다.",
            "On International Women's Day we publish a report on the rights of North Korean women.",
        ),
        byline=RESEARCHER,
        blocks=(
            p(
                "<p>보고서는 탈북 여성 면담을 바탕으로 국경 지역의 인신매매, 강제송환 뒤의 구금과 학대를 다룹니다. 보고서에 나오는 이름과 사연은 모두 보호를 위해 바꾸었습니다.</p>",
                "<p>Based on interviews with women who left North Korea, the report covers trafficking in the border region and detention and abuse after forcible return. Every name and story in it has been changed to protect the people involved.</p>",
            ),
        ),
        attachments=(("report-women-at-the-border", ("보고서 전문 (PDF)", "Full report (PDF)")),),
        media_links=(
            (
                "New report documents abuse of women (demo link)",
                "https://news.example/2024/women-report",
                "News Example",
                date(2024, 3, 9),
            ),
        ),
    ),
    DemoPost(
        slug="report-launch-resettlement-2025",
        slug_en="report-launch-resettlement-2025",
        board="press",
        date=date(2025, 11, 20),
        categories=("press-release",),
        work_areas=("youth",),
        title=(
            "[보도자료] 탈북청소년 정착 실태 보고서 발간",
            "[Press release] Report on the resettlement of North Korean youth",
        ),
        summary=(
            "청소년 100명 설문으로 본 학업과 진로의 어려움을 정리했습니다.",
            "A survey of 100 young resettlers on the obstacles to study and work.",
        ),
        blocks=(
            p(
                "<p>보고서는 학업 공백, 경제적 어려움, 편견을 가장 큰 장벽으로 꼽았습니다. 본회는 이를 바탕으로 계절학교와 진학진로 프로그램을 더 다듬겠습니다.</p>",
                "<p>The report names gaps in schooling, money worries and prejudice as the biggest barriers. We will use its findings to improve our winter school and guidance programmes.</p>",
            ),
        ),
        attachments=(("report-youth-resettlement", ("보고서 전문 (PDF)", "Full report (PDF)")),),
    ),
)
