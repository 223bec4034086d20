"""Demo text for the site's fixed pages, the demo images and PDFs, and the three reports.

Written for Candle from the facts on the organisation's public pages; people are fictional.
"""

from .assets import DemoImage, DemoPdf

IMAGES = {
    spec.key: spec
    for spec in (
        DemoImage("candle", "candle", "night", "어두운 밤하늘 아래 촛불 하나가 타오르는 그림", "Illustration of a single candle burning under a night sky"),
        DemoImage("candles", "candles", "dusk", "저녁 하늘 아래 나란히 선 촛불 일곱 개 그림", "Illustration of seven candles in a row at dusk"),
        DemoImage("geneva", "horizon", "dusk", "지평선 너머로 빛이 번지는 추상 그림", "Abstract illustration of light spreading over a horizon"),
        DemoImage("dawn", "horizon", "dawn", "새벽 지평선에 따뜻한 빛이 오르는 그림", "Illustration of warm light rising on a dawn horizon"),
        DemoImage("river", "river", "river", "강물 위로 촛불 하나가 비치는 그림", "Illustration of a single candle by a river"),
        DemoImage("lanterns", "lanterns", "night", "밤하늘에 떠 있는 둥근 불빛들의 추상 그림", "Abstract illustration of round lights floating in a night sky"),
        DemoImage("spring", "candle", "spring", "봄빛 들판 위의 촛불 그림", "Illustration of a candle over a spring field"),
        DemoImage("pages", "pages", "paper", "펼쳐진 종이 여러 장과 촛불 그림", "Illustration of open pages beside a candle"),
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
        ("1,156", ("명의 북한난민이 안전한 곳에 닿았습니다", "North Korean refugees helped to safety"), ("2022년 12월 기준", "by December 2022")),
        ("1996", ("년 5월 4일 서울에서 창립", "founded in Seoul on 4 May"), ("", "")),
        ("2013", ("년 유엔 북한인권조사위원회 설립에 기여", "the UN Commission of Inquiry we helped bring about"), ("", "")),
        ("매주", ("하나원에서 아동·청소년과 함께합니다", "with the children at Hanawon"), ("하나원 개원 이래", "since Hanawon opened")),
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
            "table": ("주요 연혁", [["연도", "일"], ["1996", "5월 4일 서울에서 창립"], ["1999", "세계 각국에서 국제회의와 캠페인 시작, 탈북 청소년 교육 프로그램 시작"], ["2004", "유엔 북한인권특별보고관 임명에 기여"], ["2011", "캐나다 존 디펜베이커 인권·자유수호자상 수상"], ["2013", "유엔 북한인권조사위원회(COI) 설립에 기여"], ["2014", "조사위원회, 반인도범죄 결론 발표"], ["2015", "잘츠부르크 국제 세미나 공동 개최"], ["2022", "누적 1,156명의 북한난민이 안전한 곳에 닿음"]]),
            "body": ["<p>처음 단체를 세웠을 때 우리에게 응답한 사람은 거의 없었습니다. 그러나 운동은 천천히 자라 국내외로 퍼졌고, 북한 인권은 이제 국제사회의 의제가 되었습니다.</p>"],
        },
        "en": {
            "intro": "From our founding in 1996 to today: the moments that shaped us.",
            "table": ("Milestones", [["Year", "What happened"], ["1996", "Founded in Seoul on 4 May"], ["1999", "International conferences and campaigns begin; education programmes for young resettlers start"], ["2004", "We help bring about the UN Special Rapporteur's mandate"], ["2011", "Canada's John Diefenbaker Defender of Human Rights and Freedom Award"], ["2013", "We help bring about the UN Commission of Inquiry"], ["2014", "The Commission finds crimes against humanity"], ["2015", "International seminar in Salzburg"], ["2022", "1,156 refugees helped to safety in all"]]),
            "body": ["<p>When we began, almost no one answered. Slowly the movement grew, at home and abroad, and North Korean human rights became a question the world could no longer ignore.</p>"],
        },
    },
    "membership": {
        "ko": {
            "intro": "민족, 종교, 나이, 생각이 달라도 사람의 존엄을 믿는 분이라면 누구나 회원이 될 수 있습니다.",
            "body": [
                "<p>청소년과 학생, 직장인, 교사, 주부, 어르신, 장애인, 외국인 모두 환영합니다. 많이 가졌든 적게 가졌든, 사람을 귀하게 여기는 마음이면 충분합니다.</p>",
                "<h2>회원이 되면</h2><ul><li>매달 활동소식을 이메일로 받습니다.</li><li>정기총회에 참석하고 의견을 낼 수 있습니다.</li><li>인식교육, 계절학교 등 자원봉사에 먼저 안내받습니다.</li></ul><p>정기후원(CMS 자동이체) 또는 일시후원으로 함께하실 수 있습니다.</p>",
            ],
        },
        "en": {
            "intro": "Whatever your nationality, faith, age or politics, if you believe in human dignity you can become a member.",
            "body": [
                "<p>Teenagers and students, workers and teachers, homemakers, older people, people with disabilities and foreigners are all welcome. What you bring matters less than caring about people.</p>",
                "<h2>As a member you</h2><ul><li>receive our news by e-mail every month;</li><li>may attend and speak at the annual general meeting;</li><li>hear first about volunteering at our talks and winter school.</li></ul><p>You can give monthly (automatic bank debit) or make a one-off gift.</p>",
            ],
        },
    },
    "contact": {
        "ko": {
            "intro": "궁금한 점이나 제안이 있으시면 언제든 연락해 주세요.",
            "body": [
                "<p><strong>주소</strong>: 서울특별시 예시구 촛불로 12, 3층 (데모용 가상 주소)<br><strong>전화</strong>: 02-0000-0000<br><strong>이메일</strong>: info@candle.example</p>",
                "<p>위급한 상황에 놓인 북한난민에 관한 연락은 전화로 먼저 주시기 바랍니다. 이메일에는 당사자의 실명이나 위치를 쓰지 말아 주세요.</p>",
            ],
        },
        "en": {
            "intro": "Questions or ideas? We would like to hear from you.",
            "body": [
                "<p><strong>Address</strong>: 3F, 12 Chotbul-ro, Yesi-gu, Seoul (a fictional demo address)<br><strong>Phone</strong>: +82 2 0000 0000<br><strong>E-mail</strong>: info@candle.example</p>",
                "<p>If you are contacting us about a refugee in danger, please call first, and never put the person's real name or whereabouts in an e-mail.</p>",
            ],
        },
    },
    "privacy": {
        "ko": {
            "intro": "북한인권시민연합은 「개인정보 보호법」에 따라 회원과 후원자의 개인정보를 보호합니다. (데모용 예시 문안입니다.)",
            "body": [
                "<h2>1. 수집하는 개인정보와 목적</h2><ul><li>회원 가입·후원: 이름, 연락처, 이메일, 주소, 결제 정보 — 후원 관리와 소식 발송</li><li>기부금영수증: 주민등록번호 — 「소득세법」에 따른 영수증 발급 (별도 동의)</li><li>행사·자원봉사 신청: 이름, 연락처 — 신청 확인과 안내</li></ul>",
                "<h2>2. 보유 기간</h2><p>회원 탈퇴 또는 후원 종료 시 지체 없이 파기합니다. 다만 기부금영수증 발급 기록은 관련 법령에 따라 5년간 보관합니다.</p>",
                "<h2>3. 제3자 제공과 처리 위탁</h2><p>법령에 근거가 있거나 본인이 동의한 경우에만 제3자에게 제공합니다. 결제 대행(CMS, 카드)과 이메일 발송을 위탁하며, 수탁자는 홈페이지에 공개합니다.</p>",
                "<h2>4. 정보주체의 권리</h2><p>언제든지 개인정보의 열람, 정정, 삭제, 처리정지를 요구하실 수 있으며, 10일 이내에 조치합니다.</p>",
                "<h2>5. 안전성 확보 조치</h2><p>접근 권한 최소화, 접속 기록 보관, 암호화, 정기 교육을 시행합니다. 북한난민 구호와 관련된 정보는 별도로 엄격히 관리합니다.</p>",
                "<h2>6. 개인정보 보호책임자</h2><p>이예시 사무국장 (가상 인물) · privacy@candle.example · 02-0000-0000</p><p>시행일: 2026년 1월 1일</p>",
            ],
        },
        "en": {
            "intro": "We protect our members' and donors' personal data under Korea's Personal Information Protection Act (PIPA). (Sample text for the demo.)",
            "body": [
                "<h2>1. What we collect and why</h2><ul><li>Membership and giving: name, phone, e-mail, address, payment details — to manage gifts and send news</li><li>Donation receipts: resident registration number — to issue tax receipts under the Income Tax Act (with separate consent)</li><li>Events and volunteering: name and phone — to confirm and inform</li></ul>",
                "<h2>2. How long we keep it</h2><p>We delete it without delay when you leave or stop giving, except receipt records, which the law requires us to keep for five years.</p>",
                "<h2>3. Sharing and processors</h2><p>We share data only where the law requires it or you have agreed. Payment processing (bank debit, cards) and e-mail delivery are done by processors we list on this site.</p>",
                "<h2>4. Your rights</h2><p>You may ask to see, correct or delete your data, or to stop its processing, at any time; we act within ten days.</p>",
                "<h2>5. How we keep it safe</h2><p>Least-privilege access, access logs, encryption and regular training. Anything concerning refugee rescue is kept separately under strict controls.</p>",
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
WORK_AREA_IMAGES = {"advocacy": "geneva", "youth": "spring", "education": "pages", "rescue": "river"}

BOARD_INTROS = {
    "news": ("본회의 활동과 소식을 전합니다.", "What we have been doing."),
    "statements": ("본회가 발표한 성명과 공동성명입니다.", "Statements and joint statements we have issued."),
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
            "report-women-at-the-border", "경계에 선 여성들: 북한 여성 인권 보고서 (데모)", "Women at the Border: a report on North Korean women's rights (demo)",
            ("이 보고서는 데모용으로 작성되었으며, 등장하는 사람과 사례는 모두 가상입니다.",
             "국경 지역에서 여성은 인신매매와 강제결혼의 위험에 놓입니다. 붙잡혀 송환된 여성은 구금 시설에서 학대를 겪습니다.",
             "권고: 강제송환 중단, 인신매매 피해자 보호, 유엔 기구의 국경 지역 접근 허용."),
            ("This report was written for the demo; the people and cases in it are fictional.",
             "In the border region women face trafficking and forced marriage. Women caught and returned suffer abuse in detention.",
             "Recommendations: end forcible returns, protect victims of trafficking, give UN agencies access to the border region."),
            (("구분 / Topic", "면담 수 / Interviews"), ("인신매매 / Trafficking", "24"), ("구금 / Detention", "31"), ("정착 / Resettlement", "18")),
        ),
        DemoPdf(
            "report-children-camps", "수용소의 아이들: 아동 인권과 정치범수용소 (데모)", "Children of the Camps: children's rights and political prison camps (demo)",
            ("이 보고서는 데모용으로 작성되었으며, 등장하는 사람과 사례는 모두 가상입니다.",
             "연좌제로 가족과 함께 수용소에 끌려간 아이들은 교육을 받지 못하고 강제노동에 시달립니다.",
             "권고: 수용소 해체, 연좌제 폐지, 유엔 아동권리위원회 권고 이행."),
            ("This report was written for the demo; the people and cases in it are fictional.",
             "Children taken to the camps with their families under guilt by association are denied schooling and put to forced labour.",
             "Recommendations: dismantle the camps, abolish guilt by association, implement the UN Committee on the Rights of the Child's recommendations."),
        ),
        DemoPdf(
            "report-youth-resettlement", "새로운 출발: 탈북청소년 정착 실태 (데모)", "A New Start: how young North Koreans resettle (demo)",
            ("이 보고서는 데모용으로 작성되었으며, 설문 수치는 예시입니다.",
             "청소년 100명에게 물은 결과, 학업 공백과 경제적 어려움, 편견이 가장 큰 장벽이었습니다.",
             "권고: 맞춤형 학습 지원 확대, 진로 상담 강화, 학교 내 인식교육."),
            ("This report was written for the demo; its survey figures are examples.",
             "Asked about their lives, 100 young resettlers named gaps in schooling, money worries and prejudice as the biggest barriers.",
             "Recommendations: more tailored learning support, stronger career guidance, awareness education in schools."),
            (("장벽 / Barrier", "응답 / Answers"), ("학업 공백 / Gaps in schooling", "46"), ("경제 / Money", "31"), ("편견 / Prejudice", "23")),
        ),
        DemoPdf(
            "statement-nine-refugees", "공동성명: 북한난민 9명의 강제송환을 중단하라", "Joint statement: stop the forcible return of nine refugees",
            ("북한인권시민연합과 아시아태평양난민권리네트워크(APRRN)는 중국 정부에 북한난민 9명의 강제송환 중단을 촉구합니다.",
             "이들은 송환되면 고문과 구금, 처형의 위험에 놓입니다. 중국은 강제송환 금지 원칙을 지켜야 합니다."),
            ("NKHR and the Asia Pacific Refugee Rights Network (APRRN) call on China to stop the forcible return of nine North Korean refugees.",
             "If returned they face torture, detention and execution. China must respect the principle of non-refoulement."),
        ),
        DemoPdf(
            "salzburg-programme", "잘츠부르크 국제 세미나 프로그램 (2015년 6월 2~6일)", "Salzburg seminar programme (2-6 June 2015)",
            ("1일차: 개회와 조사위원회 보고서 검토", "2~3일차: 책임 규명, 난민 보호, 관여 전략", "4~5일차: 권고안 작성과 폐회"),
            ("Day 1: opening and review of the Commission of Inquiry's report", "Days 2-3: accountability, refugee protection, engagement", "Days 4-5: drafting recommendations and closing"),
        ),
        DemoPdf(
            "winter-school-application", "2027 한겨레 계절학교 신청서", "Hangyeore winter school 2027: application form",
            ("이름(가명 가능):", "학년:", "보충하고 싶은 과목:", "보호자 연락처:"),
            ("Name (a pseudonym is fine):", "School year:", "Subjects to catch up on:", "Guardian's phone:"),
        ),
    )
}

REPORTS = (
    {
        "slug": "women-at-the-border", "year": 2024, "language": "ko+en", "pdf": "report-women-at-the-border", "cover": "pages",
        "topics": ("womens-rights", "torture"), "authors": ("이예시, 김가명 (가상 인물)", "Lee Ye-si and Kim Ga-myeong (fictional)"),
        "title": ("경계에 선 여성들: 북한 여성 인권 보고서", "Women at the Border: the rights of North Korean women"),
        "abstract": (
            "<p>국경 지역의 인신매매와 강제결혼, 송환 뒤 구금 시설에서 겪는 학대를 탈북 여성 면담을 바탕으로 정리했습니다.</p><ul><li>면담 73건 (데모 수치)</li><li>국문·영문 수록</li></ul>",
            "<p>Drawing on interviews with women who left North Korea, this report documents trafficking and forced marriage in the border region and abuse in detention after return.</p><ul><li>73 interviews (demo figure)</li><li>In Korean and English</li></ul>",
        ),
    },
    {
        "slug": "children-of-the-camps", "year": 2021, "language": "en", "pdf": "report-children-camps", "cover": "candle",
        "topics": ("childrens-rights", "prison-camps"), "authors": ("Jane Example (가상 인물)", "Jane Example (fictional)"),
        "title": ("수용소의 아이들: 아동 인권과 정치범수용소", "Children of the Camps: children's rights and political prison camps"),
        "abstract": (
            "<p>연좌제로 정치범수용소에 갇힌 아이들이 교육과 보호를 받지 못하는 현실을 다룬 영문 보고서입니다.</p>",
            "<p>An English-language report on children held in political prison camps under guilt by association, and the schooling and protection they are denied.</p>",
        ),
    },
    {
        "slug": "a-new-start-youth-resettlement", "year": 2025, "language": "ko", "pdf": "report-youth-resettlement", "cover": "spring",
        "topics": ("resettlement", "childrens-rights"), "authors": ("박보기 (가상 인물)", "Park Bo-gi (fictional)"),
        "title": ("새로운 출발: 탈북청소년 정착 실태", "A New Start: how young North Koreans resettle"),
        "abstract": (
            "<p>탈북청소년 100명 설문으로 학업과 진로의 장벽을 살펴본 국문 보고서입니다.</p>",
            "<p>A Korean-language report on the barriers to study and work, based on a survey of 100 young resettlers.</p>",
        ),
    },
)

