// Exports zod models of the kinds LLM workflows use, as the real tools do, with the objects
// that `parse` gives back (what a zod producer sends) as instances.
//
// Writes, under tests/corpus/:
//   zod3/<model>.default.json       zod-to-json-schema(schema, "<Model>") (named: $ref + definitions)
//   zod3/<model>.json-schema-7.json zod-to-json-schema(schema, { target: "jsonSchema7" })
//   zod3/<model>.openapi-3.json     zod-to-json-schema(schema, { target: "openApi3" })
//   zod4/<model>.draft-2020-12.json z.toJSONSchema(schema)                 (io: output)
//   zod4/<model>.draft-2020-12-input.json  z.toJSONSchema(schema, { io: "input" })
//   zod4/<model>.draft-7.json       z.toJSONSchema(schema, { target: "draft-7" })
//   zod4/<model>.openapi-3.0.json   z.toJSONSchema(schema, { target: "openapi-3.0" })
// and next to each <stem>.instances.json: [{"data", "valid", "source": "producer"}], valid as
// far as zod says (each object went through `parse`); the Rust test decides with jsonschema.
//
// Needs, in a scratch folder outside the repository:
//   npm install zod@3 zod4@npm:zod@4 zod-to-json-schema
// Run: NODE_PATH=/that/folder/node_modules node scripts/oracle/zod_export.cjs

const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..", "tests", "corpus");

function models(z, major) {
  const datetime = major === 3 ? z.string().datetime({ offset: true }) : z.iso.datetime({ offset: true });
  const date = major === 3 ? z.string().date() : z.iso.date();
  const time = major === 3 ? z.string().time() : z.iso.time();
  const email = major === 3 ? z.string().email() : z.email();
  const uuid = major === 3 ? z.string().uuid() : z.uuid();
  const url = major === 3 ? z.string().url() : z.url();
  const record = (value) => z.record(z.string(), value);

  const Address = z.object({
    street: z.string(),
    city: z.string(),
    postalCode: z.string().regex(/^[0-9A-Z -]{3,10}$/).optional(),
    country: z.string().length(2).default("FR").describe("ISO 3166 alpha-2 code"),
  });
  const Person = z
    .object({
      name: z.string().min(1).describe("Full name as written"),
      age: z.number().int().min(0).max(150).optional(),
      nickname: z.string().nullable(),
      middleName: z.string().nullish(),
      emails: z.array(email).default([]),
      address: Address.optional(),
    })
    .describe("A person mentioned in the text");

  const Sentiment = z.enum(["positive", "neutral", "negative"]);
  const Priority = { Low: 1, Medium: 2, High: 3 };
  const Ticket = z
    .object({
      category: z.enum(["billing", "bug", "feature", "other"]),
      sentiment: Sentiment,
      priority: (major === 3 ? z.nativeEnum(Priority) : z.enum(Priority)).default(2),
      confidence: z.number().min(0).max(1),
      summary: z.string().min(1).max(200),
      labels: z.array(z.string()).max(5).default([]),
      escalate: z.boolean().default(false),
    })
    .strict();

  const EmailContact = z.object({ kind: z.literal("email"), email: z.string() });
  const PhoneContact = z.object({
    kind: z.literal("phone"),
    phone: z.string(),
    extension: z.string().nullable().optional(),
  });
  const PostalContact = z.object({ kind: z.literal("postal"), address: Address });
  const Customer = z.object({
    name: z.string(),
    contact: z.discriminatedUnion("kind", [EmailContact, PhoneContact, PostalContact]),
    others: z.array(z.discriminatedUnion("kind", [EmailContact, PhoneContact])).optional(),
  });

  const Circle = z.object({ radius: z.number().positive() });
  const Rectangle = z.object({ width: z.number().nonnegative(), height: z.number().nonnegative() });
  const Drawing = z.object({
    shapes: z.array(z.union([Circle, Rectangle])),
    value: z.union([z.number().int(), z.string(), z.array(z.number())]).nullable().optional(),
    main: z.union([Circle.strict(), Rectangle.strict()]).optional(),
    flag: z.union([z.boolean(), z.literal("auto")]).default("auto"),
  });

  const Meeting = z.object({
    id: uuid,
    title: z.string(),
    startsAt: datetime,
    day: date,
    reminder: time.optional(),
    link: url.optional(),
    attendees: z.array(email).min(1),
  });

  const Inventory = z.object({
    counts: record(z.number().int()),
    prices: record(z.number().nullable()).optional(),
    location: z.tuple([z.number(), z.number()]),
    code: z.tuple([z.string(), z.number().int(), z.boolean()]),
    nested: z.array(z.array(z.number().int().nullable())).optional(),
    meta: record(z.any()).optional(),
  });

  const TreeNode = z.lazy(() => z.object({ label: z.string(), children: z.array(TreeNode).optional() }));
  const Expression = z.lazy(() =>
    z.union([
      z.object({ op: z.literal("lit"), value: z.number() }),
      z.object({ op: z.enum(["add", "mul"]), args: z.array(Expression) }),
      z.object({ op: z.literal("neg"), arg: Expression }),
    ]),
  );

  const AgentStep = z.object({
    thought: z.string(),
    step: z.discriminatedUnion("action", [
      z.object({ action: z.literal("search"), query: z.string(), topK: z.number().int().min(1).max(50).default(5) }),
      z.object({ action: z.literal("answer"), text: z.string(), citations: z.array(url).default([]) }),
      z.object({ action: z.literal("tool"), name: z.string(), arguments: record(z.unknown()) }),
    ]),
    confidence: z.number().min(0).max(1).optional(),
  });
  const AgentTrace = z.object({ steps: z.array(AgentStep), final: z.string().nullable() });

  const Profile = z
    .object({
      userName: z.string().describe("Login name"),
      $schema: z.string().optional(),
      type: z.enum(["user", "bot"]).default("user"),
      self: z.string().optional(),
      description: z.string().optional(),
      title: z.string().nullable().optional(),
      default: z.number().int().optional(),
    })
    .passthrough();

  const Answer = z
    .object({
      answer: z.string(),
      reasoning: z.array(z.string()),
      source: z.string().nullable(),
      score: z.number().int().nullable(),
      kind: z.enum(["fact", "opinion"]),
    })
    .strict();

  const Settings = z.object({
    mode: z.union([z.literal("fast"), z.literal("accurate"), z.literal(3)]),
    temperature: z.number().min(0).max(2).multipleOf(0.1).optional(),
    stop: z.union([z.string(), z.array(z.string()).max(4)]).optional(),
    extra: z.object({}).passthrough().optional(),
  });

  return {
    person: [Person, [
      { name: "Ada", nickname: null },
      { name: "Al", age: 41, nickname: "x", middleName: null, emails: ["a@b.co"], address: { street: "s", city: "c", postalCode: "75001" } },
    ]],
    ticket: [Ticket, [
      { category: "bug", sentiment: "negative", confidence: 0.9, summary: "crash" },
      { category: "other", sentiment: "neutral", priority: 3, confidence: 1, summary: "x", labels: ["a"], escalate: true },
    ]],
    customer: [Customer, [
      { name: "a", contact: { kind: "email", email: "a@b.c" } },
      { name: "b", contact: { kind: "phone", phone: "1", extension: null }, others: [{ kind: "phone", phone: "2" }] },
      { name: "c", contact: { kind: "postal", address: { street: "s", city: "c" } } },
    ]],
    drawing: [Drawing, [
      { shapes: [{ radius: 1 }, { width: 2, height: 3.5 }] },
      { shapes: [], value: 3, main: { radius: 0.5 }, flag: true },
      { shapes: [{ width: 0, height: 0 }], value: "x", main: { width: 1, height: 2 } },
      { shapes: [], value: [1.5, 2], flag: false },
      { shapes: [], value: null },
    ]],
    meeting: [Meeting, [
      { id: "12345678-1234-4678-9234-567812345678", title: "t", startsAt: "2024-05-01T09:30:00Z", day: "2024-05-01", attendees: ["a@b.co"] },
      { id: "12345678-1234-4678-9234-567812345678", title: "", startsAt: "2024-05-01T09:30:00.123+02:00", day: "2000-02-29", reminder: "09:30:00", link: "https://example.com/x", attendees: ["a@b.co", "c@d.org"] },
    ]],
    inventory: [Inventory, [
      { counts: { a: 1 }, location: [1.5, -2], code: ["x", 1, true] },
      { counts: {}, prices: { a: null, b: 2.5 }, location: [0, 0], code: ["", 0, false], nested: [[1, null], []], meta: { k: [1, { z: null }] } },
    ]],
    tree_node: [TreeNode, [
      { label: "r" },
      { label: "r", children: [{ label: "a", children: [{ label: "b", children: [] }] }] },
    ]],
    expression: [Expression, [
      { op: "lit", value: 1 },
      { op: "add", args: [{ op: "lit", value: 1.5 }, { op: "neg", arg: { op: "lit", value: 2 } }] },
    ]],
    agent_trace: [AgentTrace, [
      { steps: [{ thought: "t", step: { action: "search", query: "q" } }], final: null },
      { steps: [
        { thought: "a", step: { action: "tool", name: "f", arguments: { x: 1, y: [null] } }, confidence: 0.5 },
        { thought: "b", step: { action: "answer", text: "done", citations: ["https://example.com/"] } },
      ], final: "done" },
    ]],
    profile: [Profile, [
      { userName: "ada" },
      { userName: "b", $schema: "v2", type: "bot", self: "me", description: "d", title: null, default: 3, unknownKey: { a: 1 } },
    ]],
    answer: [Answer, [
      { answer: "42", reasoning: [], source: null, score: null, kind: "fact" },
      { answer: "x", reasoning: ["a"], source: "s", score: 3, kind: "opinion" },
    ]],
    settings: [Settings, [
      { mode: "fast" },
      { mode: 3, temperature: 0.7, stop: ["\n", "END"], extra: { a: 1 } },
      { mode: "accurate", stop: "x" },
    ]],
  };
}

function write(folder, stem, schema, instances) {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, `${stem}.json`), JSON.stringify(schema, null, 2) + "\n");
  const rows = instances.map((data) => ({ data, valid: true, source: "producer" }));
  fs.writeFileSync(path.join(folder, `${stem}.instances.json`), JSON.stringify(rows, null, 1) + "\n");
}

function parsed(schema, objects) {
  // What the producer emits: parse (defaults filled in), then JSON (undefined members dropped).
  return objects.map((object) => JSON.parse(JSON.stringify(schema.parse(object))));
}

function camel(name) {
  return name.replace(/(^|_)([a-z])/g, (_, __, c) => c.toUpperCase());
}

function main() {
  const versions = {};
  const problems = [];
  {
    const { z } = require("zod");
    const { zodToJsonSchema } = require("zod-to-json-schema");
    versions.zod3 = require(require.resolve("zod").replace(/(node_modules\/zod)\/.*/, "$1/package.json")).version;
    versions["zod-to-json-schema"] = JSON.parse(fs.readFileSync(require.resolve("zod-to-json-schema").replace(/(node_modules\/zod-to-json-schema)\/.*/, "$1/package.json"))).version;
    for (const [name, [schema, objects]] of Object.entries(models(z, 3))) {
      const instances = parsed(schema, objects);
      const targets = {
        default: () => zodToJsonSchema(schema, camel(name)),
        "json-schema-7": () => zodToJsonSchema(schema, { target: "jsonSchema7" }),
        "openapi-3": () => zodToJsonSchema(schema, { target: "openApi3" }),
      };
      for (const [target, run] of Object.entries(targets)) {
        try {
          write(path.join(ROOT, "zod3"), `${name}.${target}`, run(), instances);
        } catch (error) {
          problems.push(`zod3 ${name} ${target}: ${error.message}`);
        }
      }
    }
  }
  {
    const z = require("zod4");
    versions.zod4 = JSON.parse(fs.readFileSync(require.resolve("zod4").replace(/(node_modules\/zod4)\/.*/, "$1/package.json"))).version;
    for (const [name, [schema, objects]] of Object.entries(models(z, 4))) {
      const instances = parsed(schema, objects);
      const targets = {
        "draft-2020-12": {},
        "draft-2020-12-input": { io: "input" },
        "draft-7": { target: "draft-7" },
        "openapi-3.0": { target: "openapi-3.0" },
      };
      for (const [target, options] of Object.entries(targets)) {
        try {
          write(path.join(ROOT, "zod4"), `${name}.${target}`, z.toJSONSchema(schema, options), instances);
        } catch (error) {
          problems.push(`zod4 ${name} ${target}: ${error.message}`);
        }
      }
    }
  }
  versions.refused = problems;
  fs.writeFileSync(path.join(ROOT, "zod4", "VERSIONS.json"), JSON.stringify(versions, null, 1) + "\n");
  for (const problem of problems) console.error(problem);
}

main();
