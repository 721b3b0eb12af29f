# ruff: noqa: E501, RUF001  (a table of prose; Chinese punctuation is full-width by design)
"""The demo enablement library: product sheets, battlecards, case studies, guides and a
training module with its quiz, in English, Thai and Chinese, linked to the demo products,
two competitors, and customer segments and industries. Made through the content use cases as OPS; loading twice changes nothing
(the training module's title is the marker)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from content.rules import ContentKind
from db.actor import Actor
from db.models.users import Role
from db.queries.content import item_titled
from db.queries.demo import product_ids_by_sku
from services.content.items import NewContentItem, create_content_item
from services.content.quizzes import QuizQuestion, set_content_quiz

K = ContentKind
MARKER = "Edge Server sales certification"

# kind, language, title, summary, body, skus, families, competitors, tags
LIBRARY: list[
    tuple[
        ContentKind,
        str,
        str,
        str,
        str,
        tuple[str, ...],
        tuple[str, ...],
        tuple[str, ...],
        tuple[str, ...],
    ]
] = [
    (
        K.PRODUCT_SHEET,
        "en",
        "Edge Server Bundle data sheet",
        "Specs, chassis options and GPU configurations.",
        "# Edge Server Bundle\n\n| Chassis | Drives | GPUs |\n|---|---|---|\n| Compact 1U | up to 2 TB | 0 |\n| Large 2U | up to 16 TB | up to 2 |\n\nEvery GPU needs the **High-Power Supply**.",
        ("SRV-EDGE", "CHS-S", "CHS-L", "GPU-A"),
        ("Hardware",),
        (),
        ("edge", "specs"),
    ),
    (
        K.PRODUCT_SHEET,
        "en",
        "Security Suite overview",
        "Per-device protection with central policy.",
        "Security Suite protects laptops, phones and servers with one policy console. Priced **per device per month**.",
        ("SW-SEC",),
        ("Software",),
        (),
        ("security", "endpoint"),
    ),
    (
        K.PRODUCT_SHEET,
        "en",
        "Analytics Cloud fact sheet",
        "Dashboards and forecasting per user.",
        "Analytics Cloud gives every user dashboards, alerts and forecasting. Annual terms earn a term discount.",
        ("SW-ANL",),
        ("Software",),
        (),
        ("analytics",),
    ),
    (
        K.PRODUCT_SHEET,
        "en",
        "API Gateway licensing",
        "Licensed in blocks of users.",
        "The API Gateway is sold in **blocks of users**; the block price covers the whole band.",
        ("SW-API",),
        ("Software",),
        (),
        ("api", "licensing"),
    ),
    (
        K.PRODUCT_SHEET,
        "th",
        "เอกสารข้อมูลเซิร์ฟเวอร์เอดจ์",
        "สเปกและตัวเลือกแชสซีของเซิร์ฟเวอร์เอดจ์",
        "เซิร์ฟเวอร์เอดจ์รองรับการ์ดจีพียูสำหรับงานปัญญาประดิษฐ์ ต้องใช้แหล่งจ่ายไฟกำลังสูง",
        ("SRV-EDGE", "GPU-A"),
        ("Hardware",),
        (),
        ("edge",),
    ),
    (
        K.PRODUCT_SHEET,
        "th",
        "ชุดรักษาความปลอดภัยสำหรับอุปกรณ์",
        "ราคาต่ออุปกรณ์ต่อเดือน",
        "ชุดรักษาความปลอดภัยปกป้องคอมพิวเตอร์และโทรศัพท์มือถือด้วยนโยบายเดียว",
        ("SW-SEC",),
        ("Software",),
        (),
        ("security",),
    ),
    (
        K.PRODUCT_SHEET,
        "zh-Hans",
        "边缘服务器产品手册",
        "边缘服务器的规格和机箱选项。",
        "边缘服务器支持人工智能推理显卡，需要配备高功率电源。",
        ("SRV-EDGE", "GPU-A"),
        ("Hardware",),
        (),
        ("edge",),
    ),
    (
        K.PRODUCT_SHEET,
        "zh-Hans",
        "数据分析云服务简介",
        "按用户订阅的仪表板和预测。",
        "数据分析云为每位用户提供仪表板、预警和销售预测。",
        ("SW-ANL",),
        ("Software",),
        (),
        ("analytics",),
    ),
    (
        K.COMPETITOR_BATTLECARD,
        "en",
        "Winning against Contoso Edge",
        "Where Contoso's edge servers fall short.",
        "Contoso ships **no GPU option** in 1U and charges for remote hands. Lead with Premium Support's 4-hour on-site response.",
        ("SRV-EDGE", "SUP-PRM"),
        ("Hardware",),
        ("contoso",),
        ("edge", "battlecard"),
    ),
    (
        K.COMPETITOR_BATTLECARD,
        "en",
        "Fabrikam Secure vs Security Suite",
        "Feature and price comparison.",
        "Fabrikam Secure prices per user, not per device: shared devices cost them more. Show the per-device total.",
        ("SW-SEC",),
        ("Software",),
        ("fabrikam",),
        ("security", "battlecard"),
    ),
    (
        K.COMPETITOR_BATTLECARD,
        "th",
        "วิธีชนะคู่แข่งคอนโทโซ",
        "จุดอ่อนของเซิร์ฟเวอร์คอนโทโซ",
        "คอนโทโซไม่มีตัวเลือกการ์ดจีพียูในแชสซีขนาดเล็ก เน้นบริการสนับสนุนระดับพรีเมียม",
        ("SRV-EDGE",),
        ("Hardware",),
        ("contoso",),
        ("battlecard",),
    ),
    (
        K.COMPETITOR_BATTLECARD,
        "zh-Hans",
        "如何赢过法布里坎",
        "法布里坎安全套件的弱点。",
        "法布里坎按用户收费，共享设备的客户成本更高。请展示按设备计算的总价。",
        ("SW-SEC",),
        ("Software",),
        ("fabrikam",),
        ("battlecard",),
    ),
    (
        K.CASE_STUDY,
        "en",
        "Tyrell Robotics cuts inference latency by 60%",
        "Edge servers with GPUs on the factory floor.",
        "Tyrell moved vision inference from the cloud to **Edge Server Bundles** with Inference GPUs on each line.",
        ("SRV-EDGE", "GPU-A"),
        ("Hardware",),
        ("contoso",),
        ("manufacturing", "ai"),
    ),
    (
        K.CASE_STUDY,
        "en",
        "Umbrella Health secures 12,000 devices",
        "A hospital group's rollout of Security Suite.",
        "Umbrella Health rolled out Security Suite to 12,000 devices in six weeks with Installation Service days.",
        ("SW-SEC", "SVC-INST"),
        ("Software", "Services"),
        ("fabrikam",),
        ("healthcare",),
    ),
    (
        K.CASE_STUDY,
        "th",
        "กรณีศึกษาโรงงานผลิตชิ้นส่วนยานยนต์",
        "ลดเวลาหยุดเครื่องด้วยเซิร์ฟเวอร์เอดจ์",
        "โรงงานผลิตชิ้นส่วนยานยนต์ลดเวลาหยุดเครื่องลงร้อยละสามสิบด้วยการวิเคราะห์ข้อมูลที่หน้างาน",
        ("SRV-EDGE", "SW-ANL"),
        ("Hardware", "Software"),
        (),
        ("manufacturing",),
    ),
    (
        K.CASE_STUDY,
        "zh-Hans",
        "物流公司案例：实时追踪车队",
        "斯塔克物流如何使用数据分析云。",
        "斯塔克物流使用数据分析云实时追踪车队，准时交付率提高了百分之十五。",
        ("SW-ANL",),
        ("Software",),
        (),
        ("logistics",),
    ),
    (
        K.WHITE_PAPER,
        "en",
        "Edge computing for regulated industries",
        "Keeping data on site while running AI.",
        "Regulated industries keep patient and production data **on site**. This paper explains edge architectures that comply.",
        ("SRV-EDGE",),
        ("Hardware",),
        (),
        ("compliance", "ai"),
    ),
    (
        K.WHITE_PAPER,
        "zh-Hans",
        "零信任安全白皮书",
        "零信任架构与按设备的安全策略。",
        "零信任要求每台设备在每次访问时都经过验证，安全套件为此提供统一策略。",
        ("SW-SEC",),
        ("Software",),
        (),
        ("security",),
    ),
    (
        K.PRICING_GUIDE,
        "en",
        "Discounting guide: floors and approvals",
        "When a discount needs approval and why.",
        "Discounts over **20%** go to the manager; below the floor price to finance. Term discounts apply automatically.",
        (),
        ("Hardware", "Software"),
        (),
        ("discount", "approval"),
    ),
    (
        K.PRICING_GUIDE,
        "th",
        "คู่มือการให้ส่วนลด",
        "ส่วนลดที่ต้องได้รับอนุมัติ",
        "ส่วนลดที่เกินร้อยละยี่สิบต้องได้รับอนุมัติจากผู้จัดการ",
        (),
        ("Software",),
        (),
        ("discount",),
    ),
    (
        K.ROI_TOOL,
        "en",
        "Edge Server ROI calculator",
        "Cloud inference spend against an edge server over three years.",
        "Enter monthly cloud GPU hours and egress; the worksheet compares three-year cost with **Edge Server Bundles**.",
        ("SRV-EDGE", "GPU-A"),
        ("Hardware",),
        ("contoso",),
        ("roi",),
    ),
    (
        K.ROI_TOOL,
        "zh-Hans",
        "安全套件投资回报计算器",
        "比较安全事件成本与订阅费用。",
        "输入设备数量和过去一年的安全事件，计算器估算三年的投资回报。",
        ("SW-SEC",),
        ("Software",),
        (),
        ("roi",),
    ),
    (
        K.OBJECTION_HANDLING,
        "en",
        '"It\'s too expensive": answering price objections',
        "Reframe price as total cost of ownership.",
        "Ask what downtime costs per hour. Show the ROI calculator before offering a discount.",
        (),
        (),
        (),
        ("objection", "price"),
    ),
    (
        K.OBJECTION_HANDLING,
        "th",
        "รับมือข้อโต้แย้งเรื่องราคาแพง",
        "เปลี่ยนมุมมองจากราคาเป็นต้นทุนรวม",
        "ถามลูกค้าว่าการหยุดระบบหนึ่งชั่วโมงมีต้นทุนเท่าไร แล้วแสดงเครื่องคำนวณผลตอบแทน",
        (),
        (),
        (),
        ("objection",),
    ),
    (
        K.PLAYBOOK,
        "en",
        "Enterprise hardware refresh playbook",
        "Discovery questions, stakeholders and timeline.",
        "1. Map the refresh cycle.\n2. Find the data-centre owner.\n3. Propose a pilot with two Edge Server Bundles.",
        ("SRV-EDGE",),
        ("Hardware",),
        (),
        ("enterprise",),
    ),
    (
        K.PLAYBOOK,
        "zh-Hans",
        "中小企业软件销售手册",
        "面向中小企业的订阅销售流程。",
        "先演示数据分析云，再提出安全套件的捆绑优惠。",
        ("SW-ANL", "SW-SEC"),
        ("Software",),
        (),
        ("smb",),
    ),
    (
        K.TRAINING_MODULE,
        "en",
        MARKER,
        "What every rep must know before selling edge servers.",
        "Learn the chassis limits, the GPU power rule and when discounts need approval. Pass the quiz to complete your onboarding training.",
        ("SRV-EDGE", "CHS-S", "CHS-L", "GPU-A", "PSU-HP"),
        ("Hardware",),
        (),
        ("training", "onboarding"),
    ),
]

QUIZ = [
    QuizQuestion(
        "What does every Inference GPU need?",
        ["Premium Support", "High-Power Supply", "A 4 TB drive"],
        [1],
    ),
    QuizQuestion("Which chassis takes GPUs?", ["Compact 1U", "Large 2U"], [1]),
    QuizQuestion("Which discounts need a manager's approval?", ["10%", "25%", "35%"], [1, 2]),
]


SEGMENTS = frozenset({"enterprise", "mid-market", "smb"})
INDUSTRIES = frozenset({"healthcare", "manufacturing", "logistics", "retail", "energy"})
"""Tags that name a customer segment or industry: the items link them explicitly too."""


async def load_content(session: AsyncSession, ops: Actor, now: datetime) -> int:
    """The library, published a month ago (how many items were made: 0 when loaded)."""
    if await item_titled(session, MARKER) is not None:
        return 0
    skus = await product_ids_by_sku(session)
    published = now - timedelta(days=30)
    module = None
    for kind, language, title, summary, body, products, families, competitors, tags in LIBRARY:
        item = await create_content_item(
            session,
            ops,
            now,
            NewContentItem(
                kind=kind,
                title=title,
                language=language,
                summary=summary,
                body=body,
                tags=tags,
                product_ids=[skus[s] for s in products if s in skus],
                families=families,
                competitors=competitors,
                segments=[t for t in tags if t in SEGMENTS],
                industries=[t for t in tags if t in INDUSTRIES],
                audience_roles=(Role.REP, Role.MANAGER) if kind is K.PRICING_GUIDE else (),
                publish_at=published,
            ),
        )
        if title == MARKER:
            module = item
    assert module is not None
    await set_content_quiz(session, ops, now, module.id, QUIZ, pass_mark=67)
    return len(LIBRARY)
