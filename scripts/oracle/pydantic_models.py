"""Pydantic v2 models of the kinds LLM workflows use, with objects that each producer emits.

Imported by `pydantic_export.py`; needs pydantic 2 (and `openai` for the strict export).
Every model lists a few constructed objects in `SAMPLES`: their `model_dump(mode="json")`
is what a real producer sends, so the generated types and the input validator must take it.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, Optional, TypeVar, Union

from pydantic import (
    AnyUrl,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    computed_field,
    conint,
    conlist,
    confloat,
    constr,
)

try:  # Python 3.11+
    from enum import StrEnum
except ImportError:  # pragma: no cover
    class StrEnum(str, enum.Enum):
        pass


# --- extraction -------------------------------------------------------------------------

class Address(BaseModel):
    street: str
    city: str
    postal_code: Optional[constr(pattern=r"^[0-9A-Z -]{3,10}$")] = None
    country: str = Field("FR", description="ISO 3166 alpha-2 code", min_length=2, max_length=2)


class Person(BaseModel):
    """A person mentioned in the text."""

    name: str = Field(description="Full name as written", examples=["Ada Lovelace"])
    age: Optional[conint(ge=0, le=150)] = None
    nickname: Optional[str]
    emails: list[constr(pattern=r"^[^@\s]+@[^@\s]+$")] = []
    address: Optional[Address] = None
    tags: set[str] = set()


# --- classification ---------------------------------------------------------------------

class Sentiment(StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class Priority(enum.IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3


class Ticket(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    category: Literal["billing", "bug", "feature", "other"]
    sentiment: Sentiment
    priority: Priority = Priority.MEDIUM
    confidence: confloat(ge=0.0, le=1.0)
    summary: Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
    labels: conlist(str, min_length=0, max_length=5) = []
    escalate: bool = False


# --- discriminated and plain unions -----------------------------------------------------

class EmailContact(BaseModel):
    kind: Literal["email"] = "email"
    email: str


class PhoneContact(BaseModel):
    kind: Literal["phone"] = "phone"
    phone: str
    extension: Optional[str] = None


class PostalContact(BaseModel):
    kind: Literal["postal"] = "postal"
    address: Address


class Customer(BaseModel):
    name: str
    contact: Annotated[
        Union[EmailContact, PhoneContact, PostalContact], Field(discriminator="kind")
    ]
    others: list[Annotated[Union[EmailContact, PhoneContact], Field(discriminator="kind")]] = []


class Circle(BaseModel):
    radius: float


class Rectangle(BaseModel):
    width: float
    height: float


class Drawing(BaseModel):
    shapes: list[Union[Circle, Rectangle]]
    value: Union[int, str, list[float], None] = None
    weight: Union[float, int] = 1
    main: Circle | Rectangle | None = None


# --- formats ----------------------------------------------------------------------------

class Meeting(BaseModel):
    id: uuid.UUID
    title: str
    starts_at: dt.datetime
    day: dt.date
    reminder: Optional[dt.time] = None
    duration: dt.timedelta
    link: Optional[AnyUrl] = None
    budget: Optional[Decimal] = None
    attachment: Optional[bytes] = None


# --- containers -------------------------------------------------------------------------

class Inventory(BaseModel):
    counts: dict[str, int]
    prices: dict[str, Optional[float]] = {}
    location: tuple[float, float]
    code: tuple[str, int, bool]
    history: tuple[int, ...] = ()
    nested: list[list[Optional[int]]] = []
    owners: frozenset[str] = frozenset()
    meta: dict[str, Any] = {}


# --- recursion --------------------------------------------------------------------------

class TreeNode(BaseModel):
    label: str
    children: list[TreeNode] = []


class Comment(BaseModel):
    author: str
    body: str
    replies: Optional[list[Comment]] = None
    parent: Optional[Comment] = None


class Expression(BaseModel):
    op: Literal["add", "mul", "neg", "lit"]
    value: Optional[float] = None
    args: list[Expression] = []


# --- descriptions, examples, aliases ----------------------------------------------------

class Profile(BaseModel):
    """A user profile.

    Second paragraph of the description, with `code` and a list:
    - one
    - two
    """

    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    user_name: str = Field(alias="userName", description="Login name", examples=["ada"])
    display_name: Optional[str] = Field(None, alias="displayName", title="Shown name")
    schema_: str = Field("v1", alias="$schema", description="A property named like a keyword")
    type_: Literal["user", "bot"] = Field("user", alias="type")
    self_: Optional[str] = Field(None, alias="self")
    description: Optional[str] = Field(None, description="A property named description")
    title: Optional[str] = None
    default: Optional[int] = Field(None, alias="default")
    created: dt.datetime = Field(alias="created-at")


# --- agent steps (tool calls) -----------------------------------------------------------

class SearchAction(BaseModel):
    action: Literal["search"]
    query: str
    top_k: conint(ge=1, le=50) = 5


class AnswerAction(BaseModel):
    action: Literal["answer"]
    text: str
    citations: list[AnyUrl] = []


class ToolCall(BaseModel):
    action: Literal["tool"]
    name: str
    arguments: dict[str, Any]


class AgentStep(BaseModel):
    thought: str
    step: Annotated[Union[SearchAction, AnswerAction, ToolCall], Field(discriminator="action")]
    confidence: Optional[float] = Field(default=None, ge=0, le=1)


class AgentTrace(BaseModel):
    steps: list[AgentStep]
    final: Optional[AnswerAction] = None


# --- generics, computed fields, root models ---------------------------------------------

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    next_cursor: Optional[str] = None


class Invoice(BaseModel):
    lines: list[dict[str, float]]
    currency: Literal["EUR", "USD"] = "EUR"

    @computed_field
    @property
    def total(self) -> float:
        return sum(sum(line.values()) for line in self.lines)


class Labels(RootModel[list[str]]):
    pass


class Scores(RootModel[dict[str, float]]):
    pass


class Answer(BaseModel):
    """OpenAI-style structured output: every member required, optionals nullable."""

    model_config = ConfigDict(extra="forbid")

    answer: str
    reasoning: list[str]
    source: Optional[str]
    score: Optional[int]
    kind: Literal["fact", "opinion"]


# --- the objects each producer emits ----------------------------------------------------

NOW = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.timezone.utc)

SAMPLES: dict[str, tuple[type, list[Any]]] = {
    "person": (Person, [
        Person(name="Ada Lovelace", nickname=None),
        Person(name="Alan", age=41, nickname="Al", emails=["a@b.c"],
               address=Address(street="1 Rue", city="Paris", postal_code="75001")),
        Person(name="", age=0, nickname="", tags={"x"}, address=Address(street="", city="", country="DE")),
    ]),
    "ticket": (Ticket, [
        Ticket(category="bug", sentiment=Sentiment.NEGATIVE, confidence=0.9, summary="crash"),
        Ticket(category="other", sentiment="neutral", priority=3, confidence=1, summary=" x ",
               labels=["a", "b"], escalate=True),
        Ticket(category="billing", sentiment="positive", priority=1, confidence=0.0, summary="ok"),
    ]),
    "customer": (Customer, [
        Customer(name="a", contact=EmailContact(email="a@b.c")),
        Customer(name="b", contact=PhoneContact(phone="123")),
        Customer(name="c", contact=PhoneContact(phone="123", extension="9"),
                 others=[EmailContact(email="x"), PhoneContact(phone="1")]),
        Customer(name="d", contact=PostalContact(address=Address(street="s", city="c"))),
    ]),
    "drawing": (Drawing, [
        Drawing(shapes=[Circle(radius=1), Rectangle(width=2, height=3.5)]),
        Drawing(shapes=[], value=3, weight=2.5, main=Circle(radius=0.5)),
        Drawing(shapes=[Rectangle(width=1, height=1)], value="x", weight=0),
        Drawing(shapes=[], value=[1.5, 2.0], main=Rectangle(width=0, height=0)),
    ]),
    "meeting": (Meeting, [
        Meeting(id=uuid.UUID(int=1), title="sync", starts_at=NOW, day=dt.date(2024, 5, 1),
                duration=dt.timedelta(minutes=30)),
        Meeting(id=uuid.UUID("12345678-1234-5678-1234-567812345678"), title="t",
                starts_at=dt.datetime(2024, 1, 2, 3, 4, 5, 678000), day=dt.date(2000, 2, 29),
                reminder=dt.time(9, 30), duration=dt.timedelta(days=1, seconds=1),
                link="https://example.com/x?y=1", budget=Decimal("12.50"), attachment=b"hi"),
        Meeting(id=uuid.UUID(int=2), title="", starts_at=NOW, day=dt.date(1999, 12, 31),
                reminder=dt.time(23, 59, 59, tzinfo=dt.timezone.utc), duration=dt.timedelta(0)),
    ]),
    "inventory": (Inventory, [
        Inventory(counts={"a": 1}, location=(1.5, -2.0), code=("x", 1, True)),
        Inventory(counts={}, prices={"a": None, "b": 2.5}, location=(0, 0), code=("", 0, False),
                  history=(1, 2, 3), nested=[[1, None], []], owners=frozenset({"o"}),
                  meta={"k": [1, {"z": None}], "n": 1.5}),
    ]),
    "tree_node": (TreeNode, [
        TreeNode(label="root"),
        TreeNode(label="r", children=[TreeNode(label="a", children=[TreeNode(label="b")])]),
    ]),
    "comment": (Comment, [
        Comment(author="a", body="b"),
        Comment(author="a", body="b", replies=[Comment(author="c", body="d", replies=[])],
                parent=Comment(author="p", body="q")),
    ]),
    "expression": (Expression, [
        Expression(op="lit", value=1),
        Expression(op="add", args=[Expression(op="lit", value=1.5),
                                   Expression(op="neg", args=[Expression(op="lit", value=2)])]),
    ]),
    "profile": (Profile, [
        Profile(userName="ada", created=NOW),
        Profile(user_name="bot1", display_name="Bot", schema_="v2", type_="bot", self_="me",
                description="d", title="t", default=3, created=NOW),
    ]),
    "agent_trace": (AgentTrace, [
        AgentTrace(steps=[AgentStep(thought="t", step=SearchAction(action="search", query="q"))]),
        AgentTrace(steps=[
            AgentStep(thought="a", step=ToolCall(action="tool", name="f", arguments={"x": 1, "y": [None]}),
                      confidence=0.5),
            AgentStep(thought="b", step=AnswerAction(action="answer", text="done",
                                                     citations=["https://example.com/"])),
        ], final=AnswerAction(action="answer", text="done")),
    ]),
    "page_of_person": (Page[Person], [
        Page[Person](items=[], total=0),
        Page[Person](items=[Person(name="a", nickname=None)], total=1, next_cursor="c"),
    ]),
    "invoice": (Invoice, [
        Invoice(lines=[]),
        Invoice(lines=[{"a": 1.5, "b": 2}], currency="USD"),
    ]),
    "labels": (Labels, [Labels(["a", "b"]), Labels([])]),
    "scores": (Scores, [Scores({"a": 0.5}), Scores({})]),
    "answer": (Answer, [
        Answer(answer="42", reasoning=[], source=None, score=None, kind="fact"),
        Answer(answer="x", reasoning=["a", "b"], source="s", score=3, kind="opinion"),
    ]),
}
