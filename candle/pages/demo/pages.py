"""Demo text for the site's fixed pages, the demo images and PDFs, and the three reports.

Written for Candle from the facts on the organisation's public pages; people are fictional.
"""

from .assets import DemoImage, DemoPdf

IMAGES = {
    spec.key: spec
    for spec in (
        DemoImage(
            "candle",
            "candle",
            "night",
            "어두운 밤하늘 아래 촛불 하나가 타오르는 그림",
            "Illustration of a single candle burning under a night sky",
        ),
        DemoImage(
            "candles",
            "candles",
            "dusk",
            "저녁 하늘 아래 나란히 선 촛불 일곱 개 그림",
            "Illustration of seven candles in a row at dusk",
        ),
        DemoImage(
            "geneva",
            "horizon",
            "dusk",
            "지평선 너머로 빛이 번지는 추상 그림",
            "Abstract illustration of light spreading over a horizon",
        ),
        DemoImage(
            "dawn",
            "horizon",
            "dawn",
            "새벽 지평선에 따뜻한 빛이 오르는 그림",
            "Illustration of warm light rising on a dawn horizon",
        ),
        DemoImage(
            "river",
            "river",
            "river",
            "강물 위로 촛불 하나가 비치는 그림",
            "Illustration of a single candle by a river",
        ),
        DemoImage(
            "lanterns",
            "lanterns",
            "night",
            "밤하늘에 떠 있는 둥근 불빛들의 추상 그림",
            "Abstract illustration of round lights floating in a night sky",
        ),
        DemoImage(
            "spring",
            "candle",
            "spring",
            "봄빛 들판 위의 촛불 그림",
            "Illustration of a candle over a spring field",
        ),
        DemoImage(
            "pages",
            "pages",
            "paper",
            "펼쳐진 종이 여러 장과 촛불 그림",
            "Illustration of open pages beside a candle",
        ),
    )
}

HOME = {
    "mission": (
        "북한 사람들의 인권과 존엄을 위해, 1996년부터 어둠 속에 촛불을 밝혀 왔습니다.",
        "Since 1996 we have lit candles in the dark for the rights and dignity of the people of North Korea.",
    ),
    "highlight_label": ("긴급호소", "Urgent appeal"),
    "highlight_text": (
        "제3국 은신처에서 어머니와 두 아이가 안전한 길을 기다리고 있습니다. 희망나눔 캠페인에 함께해 주세요.",
        "A mother and two children are waiting in a shelter in a third country for a safe road. Join the Sharing Hope campaign.",
    ),
    "highlight_post": "sharing-hope-appeal-2026",
    "figures": (
        (
            "1,156",
            ("명의 북한난민이 안전한 곳에 닿았습니다", "North Korean refugees helped to safety"),
            ("2022년 12월 기준", "by December 2022"),
        ),
        ("1996", ("년 5월 4일 서울에서 창립", "founded in Seoul on 4 May"), ("", "")),
        (
            "2013",
            (
                "년 유엔 북한인권조사위원회 설립에 기여",
                "the UN Commission of Inquiry we helped bring about",
            ),
            ("", ""),
        ),
        (
            "매주",
            ("하나원에서 아동·청소년과 함께합니다", "with the children at Hanawon"),
            ("하나원 개원 이래", "since Hanawon opened"),
        ),
    ),
}
# The English figure "매주" reads better as a word.
HOME_FIGURE_EN = {"매주": "Weekly"}

STANDARD = {
    "about": {
        "ko": {
            "intro": "북한인권시민연합은 북한 인권 문제만을 위해 일하는, 세계에서 가장 오래된 비정부기구입니다.",
            "body": [
                "<p>1996년 5월 4일 서울에서 인권운동가와 지식인, 북한에서 온 정착민들이 뜻을 모아 단체를 세웠습니다. 우리는 비정부, 비종교, 비영리 단체이며, 회원의 회비와 시민의 후원으로 일합니다.</p>",
                "<h2>우리가 하는 일</h2><ul><li>유엔과 국제사회에 북한의 인권 실태를 알리고 책임 규명을 요구합니다.</li><li>제3국에 숨어 지내는 북한난민에게 은신처와 안전한 길을 마련합니다.</li><li>한국에 정착한 탈북 청소년과 청년의 배움과 성장을 돕습니다.</li><li>학교와 교회, 군부대에서 인식교육을 합니다.</li><li>여성권, 아동권, 정치범수용소, 고문, 정착에 관한 보고서를 펴냅니다.</li></ul>",
                "<h2>촛불이라는 이름</h2><p>창립자들은 1970~80년대 한국의 민주화와 인권을 위해 싸운 사람들이었습니다. ‘어둠을 탓하기보다 촛불 하나를 켜라’는 말처럼, 우리의 상징은 지금도 촛불입니다.</p>",
            ],
        },
        "en": {
            "intro": "NKHR is the world's oldest non-governmental organisation working only on human rights in North Korea.",
            "body": [
                "<p>Human rights activists, scholars and North Koreans who had resettled in the South founded NKHR in Seoul on 4 May 1996. We are non-governmental, non-religious and non-profit, and our work is paid for by our members and by people who give.</p>",
                "<h2>What we do</h2><ul><li>Bring the human rights situation in North Korea to the UN and the world, and press for accountability.</li><li>Give North Korean refugees hiding in third countries shelter and a safe way out.</li><li>Help young North Koreans who have resettled in South Korea to learn and grow.</li><li>Teach about North Korean human rights in schools, churches and military units.</li><li>Publish research on women's rights, children's rights, political prison camps, torture and resettlement.</li></ul>",
                "<h2>Why a candle</h2><p>Our founders had fought for democracy and human rights in South Korea in the 1970s and 80s. It is better to light a candle than to curse the darkness: the candle is still our emblem.</p>",
            ],
        },
    },
    "history": {
        "ko": {
            "intro": "1996년 창립부터 오늘까지, 걸어온 길의 주요 순간입니다.",
            "table": (
                "주요 연혁",
                [
                    ["연도", "일"],
                    ["1996", "5월 4일 서울에서 창립"],
                    [
                        "1999",
                        "세계 각국에서 국제회의와 캠페인 시작, 탈북 청소년 교육 프로그램 시작",
                    ],
                    ["2004", "유엔 북한인권특별보고관 임명에 기여"],
                    ["2011", "캐나다 존 디펜베이커 인권·자유수호자상 수상"],
                    ["2013", "유엔 북한인권조사위원회(COI) 설립에 기여"],
                    ["2014", "조사위원회, 반인도범죄 결론 발표"],
                    ["2015", "잘츠부르크 국제 세미나 공동 개최"],
                    ["2022", "누적 1,156명의 북한난민이 안전한 곳에 닿음"],
                ],
            ),
            "body": [
                "<p>처음 단체를 세웠을 때 우리에게 응답한 사람은 거의 없었습니다. 그러나 운동은 천천히 자라 국내외로 퍼졌고, 북한 인권은 이제 국제사회의 의제가 되었습니다.</p>"
            ],
        },
        "en": {
            "intro": "From our founding in 1996 to today: the moments that shaped us.",
            "table": (
                "Milestones",
                [
                    ["Year", "What happened"],
                    ["1996", "Founded in Seoul on 4 May"],
                    [
                        "1999",
                        "International conferences and campaigns begin; education programmes for young resettlers start",
                    ],
                    ["2004", "We help bring about the UN Special Rapporteur's mandate"],
                    [
                        "2011",
                        "Canada's John Diefenbaker Defender of Human Rights and Freedom Award",
                    ],
                    ["2013", "We help bring about the UN Commission of Inquiry"],
                    ["2014", "The Commission finds crimes against humanity"],
                    ["2015", "International seminar in Salzburg"],
                    ["2022", "1,156 refugees helped to safety in all"],
                ],
            ),
            "body": [
                "<p>When we began, almost no one answered. Slowly the movement grew, at home and abroad, and North Korean human rights became a question the world could no longer ignore.</p>"
            ],
        },
    },
    "membership": {
        "ko": {
            "intro": "민족, 종교, 나이, 생각이 달라도 사람의 존엄을 믿는 분이라면 누구나 회원이 될 수 있습니다.",
            "body": [
                "<p>청소년과 학생, 직장인, 교사, 주부, 어르신, 장애인, 외국인 모두 환영합니다. 많이 가졌든 적게 가졌든, 사람을 귀하게 여기는 마음이면 충분합니다.</p>",
                "<h2>회원이 되면</h2><ul><li>매달 활동소식을 이메일로 받습니다.</li><li>정기총회에 참석하고 의견을 낼 수 있습니다.</li><li>인식교육, 계절학교 등 자원봉사에 먼저 안내받습니다.</li></ul><p>정기후원(CMS 자동이체) 또는 일시후원으로 함께하실 수 있습니다.</p>",
                '<p><a href="{join_url}"><b>회원 가입 신청서 작성하기</b></a>: 이름과 연락처를 적고, 동의 항목을 읽은 뒤 제출하시면 됩니다.</p>',
            ],
        },
        "en": {
            "intro": "Whatever your nationality, faith, age or politics, if you believe in human dignity you can become a member.",
            "body": [
                "<p>Teenagers and students, workers and teachers, homemakers, older people, people with disabilities and foreigners are all welcome. What you bring matters less than caring about people.</p>",
                "<h2>As a member you</h2><ul><li>receive our news by e-mail every month;</li><li>may attend and speak at the annual general meeting;</li><li>hear first about volunteering at our talks and winter school.</li></ul><p>You can give monthly (automatic bank debit) or make a one-off gift.</p>",
                '<p><a href="{join_url}"><b>Fill in the membership form</b></a>: give your name and how to reach you, read what you agree to, and send it.</p>',
            ],
        },
    },
    "contact": {
        "ko": {
            "intro": "궁금한 점이나 제안이 있으시면 언제든 연락해 주세요.",
            "body": [
                "<p><strong>후원·회원 문의</strong>: 전화 02-0000-0000 (내선 1)<br/><strong>교육·강연 요청</strong>: 전화 02-0000-0000 (내선 2)<br/><strong>언론 문의</strong>: 이메일 press@candle.example</p>",
                "<p>위급한 상황에 놓인 북한난민에 관한 연락은 전화로 먼저 주시기 바랍니다. 이메일에는 당사자의 실명이나 위치를 쓰지 말아 주세요.</p>",
            ],
        },
        "en": {
            "intro": "Questions or ideas? We would like to hear from you.",
            "body": [
                "<p><strong>Gifts and membership</strong>: Phone +82 2 0000 0000 (ext. 1)<br/><strong>Talks and training</strong>: Phone +82 2 0000 0000 (ext. 2)<br/><strong>Press</strong>: E-mail press@candle.example</p>",
                "<p>If you are contacting us about a refugee in danger, please call first, and never put the person's real name or whereabouts in an e-mail.</p>",
            ],
        },
    },
    "privacy": {
        # What Candle really keeps: docs/subsystems/data-protection.md (update both together).
        "ko": {
            "intro": "북한인권시민연합은 「개인정보 보호법」에 따라 회원과 후원자의 개인정보를 필요한 만큼만 모으고, 정해진 기간이 지나면 지웁니다. (데모용 예시 문안이며, 단체 정보는 가상입니다.)",
            "body": [
                "<h2>1. 처리하는 개인정보와 목적</h2><ul><li><b>회원 가입·소식 받기</b>: 이름, 이메일, 전화번호, 우편번호와 주소, 받고 싶은 언어 — 회원 관리와 소식 발송</li><li><b>동의 기록</b>: 동의한 목적, 그때 보여 드린 안내문 원문, 언어, 동의·철회 시각 — 동의를 받았다는 증빙</li><li><b>후원</b>: 후원 금액과 날짜, 정기후원 약정, 결제 수단 정보(카드 정기결제용 빌링키, 계좌이체 참조번호) — 후원 처리와 기부금영수증 발급</li><li><b>기부금영수증</b>: 주민등록번호 — 영수증을 신청하신 경우에만, 별도 동의를 받아 「소득세법」에 따라 국세청에 제출</li><li>예전 홈페이지 게시판에 남기신 댓글의 작성자 이름과 내용 — 해당 글 아래에 그대로 공개</li></ul><p>누리집을 읽기만 하는 분의 개인정보는 모으지 않습니다. 쿠키는 양식 제출 보안과, 본인 정보 페이지를 여신 동안(30분)만 사용합니다.</p>",
                "<h2>2. 보유 기간</h2><ul><li>소식 받기: 철회 후 30일</li><li>회원: 탈퇴 또는 회원 기간 종료 후 1년</li><li>후원과 기부금영수증 기록: 후원일로부터 5년 (세법에 따른 보관)</li><li>동의가 하나도 없는 기록: 만든 날로부터 1년</li></ul><p>기간이 지나면 매일 자동으로 삭제합니다. 장부에 남겨야 하는 후원 기록이 있으면 이름과 연락처를 지우고 금액과 날짜만 익명으로 남깁니다.</p>",
                "<h2>3. 누가 보나요</h2><p>권한을 받은 직원만 관리 화면에서 봅니다. 개인정보는 공개 누리집에 나오지 않고, 캐시나 검색 색인에 들어가지 않으며, 기록(로그)에는 번호만 남깁니다. 법령에 근거가 있거나 본인이 동의한 경우가 아니면 제3자에게 제공하지 않습니다. 결제는 결제대행사가, 이메일 발송은 발송 업체가 위탁받아 처리합니다.</p>",
                '<h2>4. 정보주체의 권리</h2><p><a href="{me_url}">내 정보 페이지</a>에서 이메일 주소를 입력하면 한 번만 쓸 수 있는 링크(24시간 유효)를 보내 드립니다. 그 페이지에서 회원·후원·동의 내역을 보고, 연락처를 고치고, 소식 받기를 끌 수 있습니다. 열람, 정정, 삭제, 처리정지는 언제든 아래 책임자에게 요구하실 수 있으며 10일 이내에 조치합니다. 삭제를 요청하시면 이름과 연락처, 주민등록번호를 지우고 정기후원을 해지하며, 세법상 남겨야 하는 금액과 날짜만 익명으로 남습니다.</p>',
                "<h2>5. 안전성 확보 조치</h2><p>주민등록번호는 데이터베이스 밖에 둔 키로 암호화하고 화면에는 뒷자리를 가려 보여 줍니다. 본인 확인 링크는 암호화된 값(해시)만 저장합니다. 직원 권한은 업무에 필요한 만큼만 주고, 관리 화면의 수정 이력을 남깁니다.</p>",
                "<h2>6. 개인정보 보호책임자</h2><p>이예시 사무국장 (가상 인물) · privacy@candle.example · 02-0000-0000</p><p>시행일: 2026년 1월 1일</p>",
            ],
        },
        "en": {
            "intro": "Under Korea's Personal Information Protection Act (PIPA) we collect only the personal data we need from members and donors, and delete it when its time is up. (Sample text for the demo; the organisation's details are fictional.)",
            "body": [
                "<h2>1. What we process and why</h2><ul><li><b>Membership and news</b>: name, e-mail, phone, postal code and address, preferred language — to look after your membership and send you news</li><li><b>Consent records</b>: what you agreed to, the exact words we showed you, the language, when you agreed or withdrew — as proof of consent</li><li><b>Giving</b>: amounts and dates, monthly pledges, payment references (the billing key for a monthly card gift, the reference for bank transfers) — to process gifts and issue receipts</li><li><b>Donation receipts</b>: your resident registration number — only if you ask for a receipt, with separate consent, reported to the National Tax Service under the Income Tax Act</li><li>Comments left on our old site's boards: the name given and the text, shown under the post as before</li></ul><p>We collect nothing about people who only read the site. Cookies are used only to keep forms secure and while your own page is open (30 minutes).</p>",
                "<h2>2. How long we keep it</h2><ul><li>News: 30 days after you withdraw</li><li>Membership: one year after you leave or it ends</li><li>Gifts and receipts: five years from the gift (tax law)</li><li>A record with no consent at all: one year from when it was made</li></ul><p>A daily job deletes what has expired. Where the books must keep a gift, we remove your name and contact details and keep only the amount and date, anonymously.</p>",
                "<h2>3. Who sees it</h2><p>Only staff whose role needs it, in the admin. Personal data never appears on the public site, is never cached or put in the search index, and our logs hold numbers only. We share it only where the law requires it or you have agreed. A payment provider processes payments and a mail service delivers our e-mail, on our behalf.</p>",
                '<h2>4. Your rights</h2><p>On <a href="{me_url}">your own page</a>, give your e-mail address and we send a link that works once, for 24 hours: there you can see your membership, gifts and consents, correct your details and stop our news. You may ask the officer below at any time to see, correct or delete your data or stop its processing; we act within ten days. If you ask us to forget you, we erase your name, contact details and resident registration number and cancel monthly gifts; only the amounts and dates the tax law requires stay, anonymously.</p>',
                "<h2>5. How we keep it safe</h2><p>Resident registration numbers are encrypted with a key kept outside the database and shown masked. Links to your own page are stored only as a hash. Staff get only the permissions their work needs, and edits in the admin are recorded.</p>",
                "<h2>6. Privacy officer</h2><p>Lee Ye-si, secretary general (a fictional person) · privacy@candle.example · +82 2 0000 0000</p><p>In force from 1 January 2026.</p>",
            ],
        },
    },
}

WORK_AREAS = {
    "advocacy": (
        "<p>1996년부터 우리는 북한의 인권 실태를 유엔과 각국 정부, 언론에 알려 왔습니다. 유엔 북한인권특별보고관(2004)과 조사위원회(2013)가 생기는 데 힘을 보탰고, <b>보편적정례검토</b>를 앞두고 전문가들에게 정보를 제공합니다. 납북자 가족과 함께 강제실종 문제도 유엔에 알립니다.</p>",
        "<p>Since 1996 we have brought the human rights situation in North Korea to the UN, governments and the press. We helped bring about the UN Special Rapporteur (2004) and the Commission of Inquiry (2013), and we brief experts before each <b>Universal Periodic Review</b>. With abductees' families we take enforced disappearances to the UN.</p>",
    ),
    "youth": (
        "<p>한국에 온 탈북 아동·청소년이 이곳에서 꿈을 펼칠 수 있도록 돕습니다. 하나원 주간 프로그램, <b>한겨레 계절학교</b>, 진학진로 프로그램, 탈북대학생 리더십 프로그램, 남북 청소년이 함께하는 L4 축구팀 장학사업을 운영합니다.</p>",
        "<p>We help North Korean children and young people who have come to the South to find their way here: a weekly programme at Hanawon, the <b>Hangyeore winter school</b>, study and career guidance, a leadership programme for university students and scholarships for the L4 football team.</p>",
    ),
    "education": (
        "<p>무관심과 편견은 인권의 적입니다. 학교와 교회, 군부대를 찾아가는 인식교육, 전시와 음악회, 상영회로 북한 인권과 탈북민의 삶을 더 많은 사람에게 알립니다.</p>",
        "<p>Indifference and prejudice are the enemies of human rights. Through talks in schools, churches and military units, and through exhibitions, concerts and screenings, we help more people understand North Korean human rights and resettlers' lives.</p>",
    ),
    "rescue": (
        "<p>북한을 떠나는 것은 북한에서 범죄이고, 붙잡혀 돌려보내진 사람은 처벌받습니다. 우리는 여성과 아동, 송환되면 생명이 위험한 사람을 먼저 도와 은신처와 제3국을 거치는 안전한 길을 마련합니다. 2022년 말까지 <b>1,156명</b>이 안전한 곳에 닿았습니다.</p>",
        "<p>Leaving North Korea is a crime there, and people caught and sent back are punished. We help women, children and those whose lives would be at risk first, with shelter and a safe route through a third country. By the end of 2022, <b>1,156</b> people had reached safety.</p>",
    ),
}
WORK_AREA_IMAGES = {
    "advocacy": "geneva",
    "youth": "spring",
    "education": "pages",
    "rescue": "river",
}

BOARD_INTROS = {
    "news": ("본회의 활동과 소식을 전합니다.", "What we have been doing."),
    "statements": (
        "본회가 발표한 성명과 공동성명입니다.",
        "Statements and joint statements we have issued.",
    ),
    "press": ("언론에 배포한 보도자료입니다.", "Releases we have sent to the press."),
    "notices": ("회원과 후원자께 드리는 안내입니다.", "Notices for members and supporters."),
}
LIBRARY_INTRO = (
    "본회는 여성권, 아동권, 정치범수용소, 고문, 정착 문제를 조사해 보고서로 펴냅니다. 유엔 기구와 각국 정부가 참고하는 자료입니다.",
    "We research women's rights, children's rights, political prison camps, torture and resettlement. UN bodies and governments rely on our reports.",
)

PDFS = {
    spec.key: spec
    for spec in (
        DemoPdf(
            "report-women-at-the-border",
            "경계에 선 여성들: 북한 여성 인권 보고서 (데모)",
            "Women at the Border: a report on North Korean women's rights (demo)",
            (
                "이 보고서는 데모용으로 작성되었으며, 등장하는 사람과 사례는 모두 가상입니다.",
                "국경 지역에서 여성은 인신매매와 강제결혼의 위험에 놓입니다. 붙잡혀 송환된 여성은 구금 시설에서 학대를 겪습니다.",
                "권고: 강제송환 중단, 인신매매 피해자 보호, 유엔 기구의 국경 지역 접근 허용.",
            ),
            (
                "This report was written for the demo; the people and cases in it are fictional.",
                "In the border region women face trafficking and forced marriage. Women caught and returned suffer abuse in detention.",
                "Recommendations: end forcible returns, protect victims of trafficking, give UN agencies access to the border region.",
            ),
            (
                ("구분 / Topic", "면담 수 / Interviews"),
                ("인신매매 / Trafficking", "24"),
                ("구금 / Detention", "31"),
                ("정착 / Resettlement", "18"),
            ),
        ),
        DemoPdf(
            "report-children-camps",
            "수용소의 아이들: 아동 인권과 정치범수용소 (데모)",
            "Children of the Camps: children's rights and political prison camps (demo)",
            (
                "이 보고서는 데모용으로 작성되었으며, 등장하는 사람과 사례는 모두 가상입니다.",
                "연좌제로 가족과 함께 수용소에 끌려간 아이들은 교육을 받지 못하고 강제노동에 시달립니다.",
                "권고: 수용소 해체, 연좌제 폐지, 유엔 아동권리위원회 권고 이행.",
            ),
            (
                "This report was written for the demo; the people and cases in it are fictional.",
                "Children taken to the camps with their families under guilt by association are denied schooling and put to forced labour.",
                "Recommendations: dismantle the camps, abolish guilt by association, implement the UN Committee on the Rights of the Child's recommendations.",
            ),
        ),
        DemoPdf(
            "report-youth-resettlement",
            "새로운 출발: 탈북청소년 정착 실태 (데모)",
            "A New Start: how young North Koreans resettle (demo)",
            (
                "이 보고서는 데모용으로 작성되었으며, 설문 수치는 예시입니다.",
                "청소년 100명에게 물은 결과, 학업 공백과 경제적 어려움, 편견이 가장 큰 장벽이었습니다.",
                "권고: 맞춤형 학습 지원 확대, 진로 상담 강화, 학교 내 인식교육.",
            ),
            (
                "This report was written for the demo; its survey figures are examples.",
                "Asked about their lives, 100 young resettlers named gaps in schooling, money worries and prejudice as the biggest barriers.",
                "Recommendations: more tailored learning support, stronger career guidance, awareness education in schools.",
            ),
            (
                ("장벽 / Barrier", "응답 / Answers"),
                ("학업 공백 / Gaps in schooling", "46"),
                ("경제 / Money", "31"),
                ("편견 / Prejudice", "23"),
            ),
        ),
        DemoPdf(
            "statement-nine-refugees",
            "공동성명: 북한난민 9명의 강제송환을 중단하라",
            "Joint statement: stop the forcible return of nine refugees",
            (
                "북한인권시민연합과 아시아태평양난민권리네트워크(APRRN)는 중국 정부에 북한난민 9명의 강제송환 중단을 촉구합니다.",
                "이들은 송환되면 고문과 구금, 처형의 위험에 놓입니다. 중국은 강제송환 금지 원칙을 지켜야 합니다.",
            ),
            (
                "NKHR and the Asia Pacific Refugee Rights Network (APRRN) call on China to stop the forcible return of nine North Korean refugees.",
                "If returned they face torture, detention and execution. China must respect the principle of non-refoulement.",
            ),
        ),
        DemoPdf(
            "salzburg-programme",
            "잘츠부르크 국제 세미나 프로그램 (2015년 6월 2~6일)",
            "Salzburg seminar programme (2-6 June 2015)",
            (
                "1일차: 개회와 조사위원회 보고서 검토",
                "2~3일차: 책임 규명, 난민 보호, 관여 전략",
                "4~5일차: 권고안 작성과 폐회",
            ),
            (
                "Day 1: opening and review of the Commission of Inquiry's report",
                "Days 2-3: accountability, refugee protection, engagement",
                "Days 4-5: drafting recommendations and closing",
            ),
        ),
        DemoPdf(
            "winter-school-application",
            "2027 한겨레 계절학교 신청서",
            "Hangyeore winter school 2027: application form",
            ("이름(가명 가능):", "학년:", "보충하고 싶은 과목:", "보호자 연락처:"),
            (
                "Name (a pseudonym is fine):",
                "School year:",
                "Subjects to catch up on:",
                "Guardian's phone:",
            ),
        ),
    )
}

REPORTS = (
    {
        "slug": "women-at-the-border",
        "year": 2024,
        "language": "ko+en",
        "pdf": "report-women-at-the-border",
        "cover": "pages",
        "topics": ("womens-rights", "torture"),
        "authors": ("이예시, 김가명 (가상 인물)", "Lee Ye-si and Kim Ga-myeong (fictional)"),
        "title": (
            "경계에 선 여성들: 북한 여성 인권 보고서",
            "Women at the Border: the rights of North Korean women",
        ),
        "abstract": (
            "<p>국경 지역의 인신매매와 강제결혼, 송환 뒤 구금 시설에서 겪는 학대를 탈북 여성 면담을 바탕으로 정리했습니다.</p><ul><li>면담 73건 (데모 수치)</li><li>국문·영문 수록</li></ul>",
            "<p>Drawing on interviews with women who left North Korea, this report documents trafficking and forced marriage in the border region and abuse in detention after return.</p><ul><li>73 interviews (demo figure)</li><li>In Korean and English</li></ul>",
        ),
    },
    {
        "slug": "children-of-the-camps",
        "year": 2021,
        "language": "en",
        "pdf": "report-children-camps",
        "cover": "candle",
        "topics": ("childrens-rights", "prison-camps"),
        "authors": ("Jane Example (가상 인물)", "Jane Example (fictional)"),
        "title": (
            "수용소의 아이들: 아동 인권과 정치범수용소",
            "Children of the Camps: children's rights and political prison camps",
        ),
        "abstract": (
            "<p>연좌제로 정치범수용소에 갇힌 아이들이 교육과 보호를 받지 못하는 현실을 다룬 영문 보고서입니다.</p>",
            "<p>An English-language report on children held in political prison camps under guilt by association, and the schooling and protection they are denied.</p>",
        ),
    },
    {
        "slug": "a-new-start-youth-resettlement",
        "year": 2025,
        "language": "ko",
        "pdf": "report-youth-resettlement",
        "cover": "spring",
        "topics": ("resettlement", "childrens-rights"),
        "authors": ("박보기 (가상 인물)", "Park Bo-gi (fictional)"),
        "title": (
            "새로운 출발: 탈북청소년 정착 실태",
            "A New Start: how young North Koreans resettle",
        ),
        "abstract": (
            "<p>탈북청소년 100명 설문으로 학업과 진로의 장벽을 살펴본 국문 보고서입니다.</p>",
            "<p>A Korean-language report on the barriers to study and work, based on a survey of 100 young resettlers.</p>",
        ),
    },
)
