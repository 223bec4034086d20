"""Demo pages under "About us" and the work areas: the founding story, principles, awards,
networks, one page per youth programme, the GlobalGiving project, transparency (annual reports
as generated PDFs), volunteering, press contact and the accessibility statement.

Written for Candle from the facts on the organisation's public pages (the seeds); people,
addresses and figures not in the seeds are fictional. Each Korean page is the source and the
English its translation through wagtail-localize (``page_translate``): every block below has
the same structure in both languages (the same elements, the same links), so each Korean
segment finds its English at the same place.
"""

from .assets import DemoPdf

# Where the GlobalGiving project lives. The seeds name the project ("Humanitarian Aid
# Project") but not its address: this is GlobalGiving's own search for it until the
# organisation gives the project page's address.
GLOBALGIVING_URL = (
    "https://www.globalgiving.org/search/?size=25&nextPage=1&keywords=north+korean+refugees"
)
# The National Tax Service's disclosure of public-interest corporations' accounts
PUBLIC_INTEREST_DISCLOSURE_URL = "https://www.hometax.go.kr/"

ANNUAL_REPORTS = {
    spec.key: spec
    for spec in (
        DemoPdf(
            f"annual-report-{year}",
            f"{year}년 연차보고서 (예시)",
            f"Annual report {year} (sample)",
            (
                "이 연차보고서는 데모용 예시이며, 숫자는 모두 가상입니다.",
                f"{year}년 한 해 동안의 옹호, 구호, 교육 활동과 수입·지출을 정리했습니다.",
                "외부 감사: 가상회계법인 (예시)",
            ),
            (
                "This annual report is a sample for the demo; every figure in it is fictional.",
                f"What we did in {year} for advocacy, rescue and education, and what came in and went out.",
                "Audited by: Example & Partners (fictional)",
            ),
            (
                ("항목 / Item", "비율 / Share"),
                ("구호 / Rescue", f"{38 + year % 5} %"),
                ("교육 / Education", f"{27 - year % 3} %"),
                ("옹호 / Advocacy", f"{21 + year % 2} %"),
                ("운영 / Running costs", f"{14 - year % 5 + year % 3 - year % 2} %"),
            ),
        )
        for year in (2023, 2024, 2025)
    )
}


def _doc(key: str) -> str:
    return "{doc:" + key + "}"


# parent: ("about", slug of a standard page) or ("work_area", slug of a work area page)
SECTIONS = (
    {
        "parent": ("about", "about"),
        "slug": "founding-story",
        "title": ("설립 이야기", "Where it began"),
        "intro": (
            "1996년 5월 4일, 서울에서 북한 인권만을 위해 일하는 첫 시민단체가 문을 열었습니다.",
            "On 4 May 1996 the first citizens' group devoted only to human rights in North Korea opened in Seoul.",
        ),
        "blocks": (
            (
                "<p>설립자들은 1970~80년대 군사독재 아래에서 국제앰네스티 한국지부를 세우고 한국의 민주화와 인권을 위해 싸운 사람들이었습니다. 자신들의 싸움이 급했던 그 시절, 북한을 돌아볼 여유는 없었습니다.</p>",
                "<p>Our founders had set up the Korean section of Amnesty International and fought for democracy and human rights under South Korea's military governments of the 1970s and 80s. Their own struggle left no room to look north.</p>",
            ),
            (
                "<p>1990년대에 북한 정치범수용소를 겪은 사람들이 처음으로 한국에 도착했습니다. 설립자들은 스스로 물었습니다. 언젠가 그들과 가족이 ‘우리가 죽어 가는 것을 알면서 무엇을 했느냐’고 물으면 무엇이라 답할 것인가.</p>",
                "<p>In the 1990s the first survivors of North Korea's political prison camps reached the South. The founders asked themselves what they would answer if the survivors and their families one day asked what they had done while they knew people were dying.</p>",
            ),
            (
                "<p>처음에는 아무도 응답하지 않았습니다. 그러나 운동은 국내외에서 천천히 자랐고, ‘북한 인권에 빛을’이라는 구호 아래 모였습니다. 우리의 상징인 촛불은 ‘어둠을 탓하기보다 촛불 하나를 켜라’는 앰네스티의 말에서 왔습니다.</p>",
                "<p>At first nobody answered. Slowly the movement grew, at home and abroad, under one slogan: shine a light on North Korean human rights. Our emblem, the candle, comes from Amnesty's saying that it is better to light a candle than to curse the darkness.</p>",
            ),
        ),
    },
    {
        "parent": ("about", "about"),
        "slug": "principles",
        "title": ("우리의 원칙", "Our principles"),
        "intro": (
            "우리가 지키는 원칙은 단체가 처음 생길 때부터 같습니다.",
            "The principles we keep have not changed since the day we began.",
        ),
        "blocks": (
            (
                "<h2>누구에게나 열려 있습니다</h2>",
                "<h2>Open to everyone</h2>",
            ),
            (
                "<p>우리는 비정부, 비종교, 비영리, 비정파 단체입니다. 민족, 인종, 종교, 나이, 생각과 정치적 견해에 관계없이 생명의 존엄과 자유의 소중함에 공감하는 사람은 누구나 회원이 될 수 있습니다.</p>",
                "<p>We are non-governmental, non-religious, non-partisan and non-profit. Anyone who believes in the dignity of life and the worth of freedom may join, whatever their nation, ethnicity, faith, age, beliefs or politics.</p>",
            ),
            (
                "<h2>전쟁이 아니라 인권으로</h2>",
                "<h2>Human rights, never war</h2>",
            ),
            (
                "<p>북한 인권을 위해서라면 전쟁도 감수해야 한다는 생각을 우리는 거부합니다. 전쟁만큼 인권을 짓밟는 것은 없습니다. 인권을 말하면 상황이 나빠진다는 주장에도 동의하지 않습니다. 인권의 신장은 민주주의와 평화의 바탕입니다.</p>",
                "<p>We reject the idea that human rights in North Korea could justify a war: nothing tramples human rights like war does. Nor do we accept that speaking of human rights makes things worse. Respect for human rights is what democracy and lasting peace are built on.</p>",
            ),
            (
                "<h2>사람이 중심인 통일</h2>",
                "<h2>A unification centred on people</h2>",
            ),
            (
                "<p>우리가 바라는 통일은 소수의 권력자가 아니라, 오랫동안 자유와 권리를 빼앗긴 평범한 북한 주민을 위한 통일입니다. 먼저 온 탈북 청소년이 자유와 존중, 관용을 아는 통일의 주역으로 자라도록 인권·시민·민주주의 교육에 힘씁니다.</p>",
                "<p>The unification we work for is not for a privileged few but for the ordinary people of North Korea, long denied the least of their freedoms. We teach human rights, citizenship and democracy so that young North Koreans who have come South grow into leaders who value freedom, respect and tolerance.</p>",
            ),
        ),
    },
    {
        "parent": ("about", "about"),
        "slug": "awards",
        "title": ("수상", "Awards"),
        "intro": (
            "여러 차례 상을 받았습니다. 그중 가장 뜻깊은 상을 소개합니다.",
            "Our work has been recognised several times; this is the award that meant the most.",
        ),
        "blocks": (
            (
                "<h2>2011년 존 디펜베이커 인권·자유수호자상</h2>",
                "<h2>2011: the John Diefenbaker Defender of Human Rights and Freedom Award</h2>",
            ),
            (
                "<p>2011년 3월 캐나다 정부는 이 상을 처음 제정하며 첫 수상 단체로 북한인권시민연합을 선정했습니다. 북한 인권 문제를 국제적인 의제로 만든 15년의 활동을 기린 상입니다.</p>",
                "<p>In March 2011 the government of Canada created this award and gave it for the first time to NKHR, for fifteen years of work that made North Korean human rights an international concern.</p>",
            ),
        ),
    },
    {
        "parent": ("about", "about"),
        "slug": "networks",
        "title": ("함께하는 네트워크", "Networks we belong to"),
        "intro": (
            "혼자서는 할 수 없는 일을 아시아와 세계의 단체들과 함께 합니다.",
            "What no group can do alone we do with organisations across Asia and the world.",
        ),
        "blocks": (
            (
                "<ul><li><b>AFAD</b> (비자발적실종반대아시아연합): 아시아에서 강제실종 피해자 가족과 단체가 모인 연합입니다. 납북자 문제를 이곳에서 함께 알립니다.</li><li><b>ICAD</b> (비자발적실종반대국제연대): 강제실종을 막는 국제협약의 비준과 이행을 요구하는 세계 연대입니다.</li><li><b>APRRN</b> (아시아태평양난민권리네트워크): 아시아태평양의 난민 권리 단체 네트워크입니다. 북한난민의 강제송환 중단을 함께 촉구해 왔습니다.</li></ul>",
                "<ul><li><b>AFAD</b> (Asian Federation Against Involuntary Disappearances): families of the disappeared and their organisations across Asia. With them we raise the cases of South Koreans abducted to the North.</li><li><b>ICAD</b> (International Coalition Against Enforced Disappearances): a worldwide coalition pressing governments to ratify and apply the convention against enforced disappearance.</li><li><b>APRRN</b> (Asia Pacific Refugee Rights Network): refugee-rights organisations of the Asia-Pacific. Together we have called for an end to the forced return of North Korean refugees.</li></ul>",
            ),
            (
                "<p>납북자 가족의 사연은 유엔 강제적·비자발적 실종에 관한 실무그룹(WGEID)에 진정서로 제출합니다.</p>",
                "<p>We submit the cases of abductees' families to the UN Working Group on Enforced or Involuntary Disappearances (WGEID).</p>",
            ),
        ),
    },
    {
        "parent": ("about", "about"),
        "slug": "transparency",
        "title": ("투명한 운영", "Transparency"),
        "intro": (
            "후원금이 어디에 쓰였는지 누구나 볼 수 있도록 공개합니다.",
            "Anyone can see how the gifts we receive are spent.",
        ),
        "blocks": (
            (
                "<p>우리는 회원의 회비, 자선 음악회, 국내외 공모사업, 개인과 기업의 후원으로 운영됩니다. 해마다 외부 감사를 받은 결산을 연차보고서로 펴냅니다.</p>",
                "<p>Our work is paid for by members' dues, charity concerts, grants at home and abroad, and gifts from people and companies. Every year we publish audited accounts in our annual report.</p>",
            ),
            ("<h2>연차보고서</h2>", "<h2>Annual reports</h2>"),
            (
                "<ul>"
                + "".join(
                    f'<li><a linktype="document" id="{_doc(f"annual-report-{year}")}">{year}년 연차보고서 (PDF, 예시)</a></li>'
                    for year in (2025, 2024, 2023)
                )
                + "</ul>",
                "<ul>"
                + "".join(
                    f'<li><a linktype="document" id="{_doc(f"annual-report-{year}")}">Annual report {year} (PDF, sample)</a></li>'
                    for year in (2025, 2024, 2023)
                )
                + "</ul>",
            ),
            ("<h2>공익법인 결산 공시</h2>", "<h2>Public-interest corporation disclosure</h2>"),
            (
                f'<p>공익법인은 해마다 결산서류를 국세청에 공시합니다. <a href="{PUBLIC_INTEREST_DISCLOSURE_URL}">국세청 홈택스의 공익법인 공시</a>에서 단체 이름으로 찾아보실 수 있습니다.</p>',
                f'<p>As a public-interest corporation we file our accounts with the National Tax Service every year. Look us up by name in the <a href="{PUBLIC_INTEREST_DISCLOSURE_URL}">public-interest corporation disclosures on Hometax</a> (in Korean).</p>',
            ),
        ),
    },
    {
        "parent": ("about", "about"),
        "slug": "volunteer",
        "title": ("자원봉사", "Volunteer with us"),
        "intro": (
            "창립 때부터 많은 청년이 간사, 인턴, 자원봉사자로 함께해 왔습니다.",
            "Since we began, many young people have worked with us as staff, interns and volunteers.",
        ),
        "blocks": (
            (
                "<ul><li>하나원 주간 프로그램과 한겨레 계절학교의 학습 도우미</li><li>번역과 통역 (한국어·영어)</li><li>행사, 상영회, 모금 행사 준비</li></ul>",
                "<ul><li>Tutoring in the weekly Hanawon programme and the Hangyeore winter school</li><li>Translating and interpreting (Korean and English)</li><li>Helping at events, screenings and fundraisers</li></ul>",
            ),
            (
                "<p>인턴과 자원봉사자는 봄과 가을에 모집하며, 공고는 공지사항 게시판에 올립니다. 궁금한 점은 volunteer@candle.example 로 보내 주세요.</p>",
                "<p>We take interns and volunteers in spring and autumn and announce it on the notices board. Questions are welcome at volunteer@candle.example.</p>",
            ),
            (
                "<p>탈북민과 함께하는 활동이므로, 알게 된 사람의 이름과 사연은 어디에도 올리지 않겠다는 약속을 먼저 받습니다.</p>",
                "<p>Because you will meet people who fled North Korea, we first ask you to promise never to share their names or stories anywhere.</p>",
            ),
        ),
    },
    {
        "parent": ("about", "about"),
        "slug": "press-contact",
        "title": ("언론 문의", "Press contact"),
        "intro": (
            "취재와 인터뷰 요청은 홍보 담당이 받습니다.",
            "Our press officer handles requests for interviews and comment.",
        ),
        "blocks": (
            (
                "<p>이메일: press@candle.example · 전화: 02-0000-0001 (평일 오전 10시~오후 6시)<br/>담당: 정예시 홍보간사 (가상 인물)</p>",
                "<p>E-mail: press@candle.example · Phone: +82 2 0000 0001 (weekdays 10:00-18:00 Seoul time)<br/>Contact: Jung Ye-si, press officer (a fictional person)</p>",
            ),
            (
                "<p>탈북민 인터뷰는 본인이 원할 때만, 본인이 정한 조건으로 연결합니다. 얼굴, 실명, 북한의 가족이 드러날 수 있는 내용은 공개하지 않습니다.</p>",
                "<p>We arrange interviews with people who fled North Korea only if they wish it, and on their terms. Faces, real names and anything that could expose family still in the North are never published.</p>",
            ),
        ),
    },
    {
        "parent": ("about", "about"),
        "slug": "accessibility",
        "title": ("접근성 정책", "Accessibility statement"),
        "intro": (
            "누구나 이 누리집을 읽고 쓸 수 있도록 만듭니다.",
            "We build this site so that everyone can read and use it.",
        ),
        "blocks": (
            ("<h2>목표</h2>", "<h2>What we aim for</h2>"),
            (
                "<p>웹 콘텐츠 접근성 지침(WCAG) 2.2 AA 수준을 목표로 합니다. 키보드만으로 모든 기능을 쓸 수 있고, 이미지에는 대체 텍스트가, 표에는 제목이 있습니다.</p>",
                "<p>We aim to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. Everything works with a keyboard alone, images carry text alternatives and tables have captions.</p>",
            ),
            ("<h2>확인하는 방법</h2>", "<h2>How we check</h2>"),
            (
                "<p>주요 화면은 바뀔 때마다 자동 검사 도구(axe)로 시험하며, 위반이 하나라도 있으면 배포하지 않습니다. 화면낭독기로도 직접 확인합니다.</p>",
                "<p>The main pages are tested with an automated checker (axe) on every change, and a change with any violation is not released. We also check them with a screen reader.</p>",
            ),
            ("<h2>아직 부족한 점</h2>", "<h2>Known gaps</h2>"),
            (
                "<ul><li>예전 누리집에서 옮겨 온 글의 일부 사진은 대체 텍스트가 충분하지 않습니다.</li><li>오래된 보고서 PDF 중 일부는 스캔본이라 화면낭독기로 읽을 수 없습니다.</li><li>외부 동영상의 자막은 제공처에 따라 없을 수 있습니다.</li></ul>",
                "<ul><li>Some photos in posts brought over from our old site lack a useful text alternative.</li><li>Some older report PDFs are scans that screen readers cannot read.</li><li>Videos hosted elsewhere may lack captions.</li></ul>",
            ),
            ("<h2>문제 알리기</h2>", "<h2>Reporting a problem</h2>"),
            (
                "<p>읽거나 쓰기 어려운 곳을 발견하시면 accessibility@candle.example 로 페이지 주소와 함께 알려 주세요. 영업일 기준 7일 안에 답하고, 필요한 내용은 다른 형식으로 보내 드립니다.</p>",
                "<p>If anything is hard to read or use, tell us at accessibility@candle.example with the page's address. We answer within seven working days and can send the content in another format.</p>",
            ),
        ),
    },
    {
        "parent": ("work_area", "youth"),
        "slug": "hanawon",
        "title": ("하나원 주간 프로그램", "Weekly visits to Hanawon"),
        "intro": (
            "하나원이 문을 연 때부터 매주 찾아가 아이들과 함께합니다.",
            "Every week since Hanawon opened, we have spent a day with the children there.",
        ),
        "blocks": (
            (
                "<p>하나원은 한국에 갓 도착한 북한이탈주민이 정착을 준비하는 정부 기관입니다. 우리는 매주 안성 하나원을 찾아 초등학생과 청소년에게 국어, 수학, 영어 같은 기초 학습과 놀이 활동을 합니다.</p>",
                "<p>Hanawon is the government centre where North Koreans who have just arrived prepare for life in the South. Every week we go to Hanawon in Anseong and give primary-school children and teenagers lessons in Korean, maths and English, and time to play.</p>",
            ),
            (
                "<p>남한 학교에 들어가기 전, 배움의 공백을 조금이라도 메우고 낯선 사회에서 처음 만나는 어른이 믿을 만한 사람이 되도록 하는 것이 목표입니다.</p>",
                "<p>The aim is to close a little of the gap in schooling before they start at a South Korean school, and to make the first adults they meet here people they can trust.</p>",
            ),
        ),
    },
    {
        "parent": ("work_area", "youth"),
        "slug": "winter-school",
        "title": ("한겨레 계절학교", "Hangyeore winter school"),
        "intro": (
            "겨울방학 동안 탈북 청소년이 모자란 공부를 따라잡는 3주 캠프입니다.",
            "A three-week camp in the winter holidays where young North Koreans catch up on their studies.",
        ),
        "blocks": (
            (
                "<p>대학 진학을 앞둔 탈북 청소년에게 과목별 수업과 학습 멘토링, 진로 상담을 합니다. 대학생 자원봉사자가 멘토가 되어 방학이 끝난 뒤에도 연락을 이어 갑니다.</p>",
                "<p>Young North Koreans preparing for university get lessons subject by subject, study mentoring and careers advice. University students volunteer as mentors and stay in touch after the holidays.</p>",
            ),
            (
                "<p>신청서는 해마다 11월에 공지사항 게시판에 올립니다. 이름은 가명으로 적어도 됩니다.</p>",
                "<p>The application form goes up on the notices board every November. A pseudonym is fine on it.</p>",
            ),
        ),
    },
    {
        "parent": ("work_area", "youth"),
        "slug": "football-team",
        "title": ("L4 축구팀", "The L4 football team"),
        "intro": (
            "남과 북에서 온 청소년이 한 팀이 되어 뜁니다.",
            "Young people from the North and the South play as one team.",
        ),
        "blocks": (
            (
                "<p>L4 축구팀은 남한과 북한 출신 청소년이 함께 훈련하고 경기에 나가는 팀입니다. 우리는 선수들에게 장학금을 주고, 운동장 밖에서도 서로의 벗이 되도록 돕습니다.</p>",
                "<p>The L4 football team brings together teenagers from both Koreas to train and play matches. We give the players scholarships and help them become friends off the pitch too.</p>",
            ),
        ),
    },
    {
        "parent": ("work_area", "youth"),
        "slug": "leadership-programme",
        "title": ("리더십 프로그램", "Leadership programme"),
        "intro": (
            "통일 한반도를 이끌 탈북 대학생과 남한 대학생이 함께 배웁니다.",
            "University students from the North and the South learn together to lead a unified Korea.",
        ),
        "blocks": (
            (
                "<p>남북한 출신 대학(원)생이 독서 토론으로 인문학의 기본기를 다지고, 민주시민 의식과 평화통일의 뜻, 국제적인 시각을 함께 기릅니다. 해외 인턴십을 소개하기도 합니다.</p>",
                "<p>Students from both Koreas read and debate together to build a grounding in the humanities, a sense of democratic citizenship, a commitment to peaceful unification and an international outlook. We also introduce internships abroad.</p>",
            ),
            (
                "<p>여러 졸업생이 장학금을 받아 해외에서 공부하고 인턴으로 일했습니다.</p>",
                "<p>Several of our students have gone on to scholarships and internships abroad.</p>",
            ),
        ),
    },
    {
        "parent": ("work_area", "rescue"),
        "slug": "globalgiving",
        "title": ("글로벌기빙 인도적 지원 프로젝트", "Our GlobalGiving project"),
        "intro": (
            "해외에서도 국제 모금 플랫폼 글로벌기빙을 통해 난민 구호에 함께할 수 있습니다.",
            "From anywhere in the world you can support refugee rescue through GlobalGiving.",
        ),
        "blocks": (
            (
                "<p>‘인도적 지원 프로젝트’는 제3국에서 안전한 길을 기다리는 북한난민에게 은신처와 생활비, 이동 비용을 지원합니다.</p>",
                "<p>Our Humanitarian Aid Project pays for shelter, daily needs and safe passage for North Korean refugees waiting in third countries.</p>",
            ),
            (
                f'<p><a href="{GLOBALGIVING_URL}">글로벌기빙에서 프로젝트 찾기</a> (임시 링크: 프로젝트 페이지 주소가 확정되면 바꿉니다)</p>',
                f'<p><a href="{GLOBALGIVING_URL}">Find the project on GlobalGiving</a> (a placeholder link until the project page\'s own address is set)</p>',
            ),
        ),
    },
)
