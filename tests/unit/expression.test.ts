import { describe, expect, it } from "vitest";
import {
  compileExpression,
  EXPRESSION_CACHE_LIMIT,
  expressionCacheSize,
  parseExpression,
  validateExpression,
  type ExpressionContext,
  type ExpressionScope,
} from "@/lib/expression";

const worker = {
  sid: "WK0001",
  friendly_name: "Alice",
  skills: ["billing", "sales", "Support"],
  languages: ["en", "es"],
  levels: [1, 2, 3],
  level: 4,
  rating: 4.5,
  level_text: "4",
  team: "Blue",
  email: "alice@example.com",
  active: true,
  on_break: false,
  nothing: null,
  routing: { skills: ["chat"], levels: { chat: 3 } },
  channel: { chat: { assigned_tasks: 0 } },
  contact_uri: "client:alice",
};

const task = {
  type: "ticket",
  customer_value: "Gold",
  customer: { tier: "vip", name: "Bob", tags: ["a", "b", "c"] },
  priority: 10,
  targetWorkerSid: "WK0001",
  targetTaskQueueSid: "WQ0123456789abcdef0123456789abcdef",
  preferred_agents: ["WK0001", "WK0002"],
  language: "es",
  hour: "09",
};

const context: ExpressionContext = { worker, task };

type Case = [source: string, expected: boolean];

function check(cases: Case[], scope: ExpressionScope | undefined, ctx: ExpressionContext = context) {
  it.each(cases)("%s → %s", (source, expected) => {
    const compiled = compileExpression(source, scope === undefined ? {} : { defaultScope: scope });
    expect(compiled(ctx)).toBe(expected);
  });
}

describe("everyone expression", () => {
  check(
    [
      ["1==1", true],
      ["1 == 1", true],
      ["1 = 1", true],
      ["0 != 1", true],
      ["1 != 1", false],
      ['"apple" != "orange"', true],
    ],
    "worker",
  );
  it("is true for a worker with no attributes at all", () => {
    expect(compileExpression("1==1", { defaultScope: "worker" })({})).toBe(true);
    expect(compileExpression("1==1")({ worker: {} })).toBe(true);
  });
});

describe("== and != (alias =)", () => {
  check(
    [
      ['team == "Blue"', true],
      ["team == 'Blue'", true],
      ['team = "Blue"', true],
      ['team == "blue"', false], // case-sensitive
      ['team != "blue"', true],
      ['team != "Blue"', false],
      ["level == 4", true],
      ["level == 4.0", true],
      ["level != 4", false],
      ["rating == 4.5", true],
      ["active == true", true],
      ["active == TRUE", true],
      ["on_break == false", true],
      ["active != false", true],
      ['active == "true"', false], // no boolean/string coercion
      ["active == 1", false],
      ['"x" == "x"', true],
      ['level == "4"', true], // number vs numeric string
      ["level_text == 4", true],
      ['level_text == "4.0"', false], // two strings compare as strings
      ['level == "4abc"', false],
      ['level != "four"', true],
    ],
    "worker",
  );
});

describe("ordering operators", () => {
  check(
    [
      ["level > 3", true],
      ["level > 4", false],
      ["level >= 4", true],
      ["level >= 5", false],
      ["level < 5", true],
      ["level < 4", false],
      ["level <= 4", true],
      ["level <= 3.99", false],
      ["rating > 4.25", true],
      ["level > -1", true],
      ["-2 < -1", true],
      ["-0.5 < 0", true],
      ["level_text > 3", true], // numeric string vs number compares numerically
      ["level_text < 10", true],
      ['level > "3"', true],
      ['level > "abc"', false],
      ['team > "Alpha"', true], // strings compare as strings
      ['team < "Alpha"', false],
      ['"10" > "9"', false], // lexicographic when both are strings
      ['team >= "Blue"', true],
      ['team <= "Blue"', true],
      ["active > false", false], // booleans have no order
      ["skills > 1", false], // scalar operator on an array
      ["routing > 1", false],
    ],
    "worker",
  );
});

describe("HAS", () => {
  check(
    [
      ['skills HAS "billing"', true],
      ["skills HAS 'sales'", true],
      ['skills HAS "support"', false], // case-sensitive values
      ['skills HAS "Support"', true],
      ['skills has "billing"', true], // keyword case-insensitive
      ['skills Has "billing"', true],
      ['skills HAS "marketing"', false],
      ["levels HAS 2", true],
      ['levels HAS "2"', true], // numeric string element match
      ["levels HAS 7", false],
      ['team HAS "Blue"', false], // HAS on a non-array is false
      ['missing HAS "x"', false],
      ["skills HAS null", false],
      ['["a", "b"] HAS "a"', true], // array literal on the left
      ['["a", "b"] HAS "z"', false],
      ['skills HAS ["billing"]', false], // value on the right must be a scalar
      ['routing.skills HAS "chat"', true],
      ['worker.routing.skills HAS "chat"', true],
    ],
    "worker",
  );
});

describe("IN and NOT IN", () => {
  check(
    [
      ['team IN ["Blue", "Red"]', true],
      ["team IN ['Red']", false],
      ["team in ['Blue']", true],
      ["team IN []", false],
      ["level IN [1, 4, 9]", true],
      ['level IN ["4"]', true],
      ["level IN [1, 2]", false],
      ['"es" IN languages', true], // literal on the left, attribute array on the right
      ['"fr" IN languages', false],
      ['team IN "Blue"', false], // array operator on two scalars
      ['skills IN ["billing"]', false], // array on the left of IN
      ['missing IN ["x"]', false],
      ['team NOT IN ["Red", "Green"]', true],
      ['team NOT IN ["Blue"]', false],
      ["team not in ['Red']", true],
      ['team NOT IN "Red"', false], // needs an array on the right
      ['missing NOT IN ["x"]', true], // NULL is not in the list (like !=)
      ["level NOT IN [4]", false],
      ['skills NOT IN ["x"]', false],
      ["team NOT   IN []", true],
    ],
    "worker",
  );
});

describe("CONTAINS", () => {
  check(
    [
      ['email CONTAINS "@example"', true],
      ['email contains "example.com"', true],
      ['email CONTAINS "EXAMPLE"', false], // case-sensitive
      ['email CONTAINS ""', true],
      ['email CONTAINS "nope"', false],
      ['contact_uri CONTAINS "client:"', true],
      ['skills CONTAINS "billing"', false], // scalar operator on an array is false (docs)
      ['level CONTAINS "4"', false],
      ['missing CONTAINS "x"', false],
      ['"abcdef" CONTAINS "cde"', true],
    ],
    "worker",
  );
});

describe("AND, OR, && and ||, precedence and parentheses", () => {
  check(
    [
      ['skills HAS "billing" AND languages HAS "es"', true],
      ['skills HAS "billing" AND languages HAS "fr"', false],
      ['skills HAS "billing" && languages HAS "es"', true],
      ['skills HAS "nope" OR languages HAS "es"', true],
      ['skills HAS "nope" || languages HAS "fr"', false],
      ["1 == 1 and 1 == 2", false],
      ["1 == 2 or 1 == 1", true],
      // AND binds tighter than OR: true OR (false AND false) is true, (true OR false) AND false is false.
      ["1 == 1 OR 1 == 2 AND 1 == 3", true],
      ["(1 == 1 OR 1 == 2) AND 1 == 3", false],
      ["1 == 2 AND 1 == 3 OR 1 == 1", true],
      ["1 == 2 AND (1 == 3 OR 1 == 1)", false],
      ['(skills HAS "billing") AND (languages HAS "es")', true],
      ['((team == "Blue"))', true],
      ['(team == "Red" OR team == "Blue") AND level >= 4', true],
      ['(team == "Red" OR team == "Green") AND level >= 4', false],
      ["((1 == 1) AND ((2 == 2) OR (3 == 4))) AND (5 == 5)", true],
      ["1 == 1 AND 2 == 2 AND 3 == 3 AND 4 == 5", false],
      ["1 == 2 OR 2 == 3 OR 3 == 4 OR 4 == 4", true],
    ],
    "worker",
  );
});

describe("literals", () => {
  check(
    [
      ["\"double\" == 'double'", true],
      ['"it\\"s" == \'it"s\'', true],
      ["'it\\'s' == \"it's\"", true],
      ['"a\\\\b" CONTAINS "\\\\"', true],
      ['"line\\nbreak" CONTAINS "\\n"', true],
      ['"tab\\there" != "tab here"', true],
      ['"\\u0041" == "A"', true],
      ['"slash\\/" == "slash/"', true],
      ["1.50 == 1.5", true],
      ["0800 == 800", true], // Twilio's currentTime example writes 0800
      ["-3 < 3", true],
      ["-3.25 == -3.25", true],
      ["true == true", true],
      ["false != true", true],
      ["null == null", true],
      ["nothing == null", true],
      ["nothing == NULL", true],
      ["missing == null", true],
      ["team == null", false],
      ["team != null", true],
      ["missing != null", false],
      ['[1, "two", true, null] HAS "two"', true],
      ["[1, 'two', true, null] HAS true", true],
      ["[-1, 2.5] HAS 2.5", true],
      ["[] == []", false], // scalar operator on arrays
    ],
    "worker",
  );
});

describe("references: nested paths, indices, scopes", () => {
  check(
    [
      ["routing.levels.chat == 3", true],
      ["worker.routing.levels.chat >= 3", true],
      ["channel.chat.assigned_tasks == 0", true],
      ["worker.channel.chat.assigned_tasks == 0", true],
      ["routing.levels.voice == 3", false],
      ['skills[0] == "billing"', true],
      ['skills[2] == "Support"', true],
      ["skills[3] == null", true], // out of range resolves to NULL
      ['worker.skills[1] == "sales"', true],
      ['team[0] == "B"', false], // strings are not indexable
      ['routing.skills[0] == "chat"', true],
      ["skills.length == 3", false], // arrays have no named keys
      ["constructor == null", true], // only own properties are followed
      ["__proto__ == null", true],
      ["team.toString == null", true],
      ['task.type == "ticket"', true],
      ['task.customer.tier == "vip"', true],
      ['task.customer.tags[2] == "c"', true],
      ['task.customer.tier.x == "vip"', false],
      ["worker.sid == task.targetWorkerSid", true],
      ["task.targetWorkerSid == worker.sid", true],
      ['task.targetTaskQueueSid == "WQ0123456789abcdef0123456789abcdef"', true],
      ['task.targetTaskQueueSid == "WQffffffffffffffffffffffffffffffff"', false],
      ["worker.sid IN task.preferred_agents", true],
      ["worker.sid NOT IN task.preferred_agents", false],
      ["task.language IN worker.languages AND worker.level > 2", true],
    ],
    "worker",
  );
});

describe("default scope task (workflow filters)", () => {
  check(
    [
      ["customer_value == 'Gold' AND type == 'ticket'", true],
      ["customer_value == 'Silver' OR type == 'call'", false],
      ['customer.tier == "vip"', true],
      ["priority > 5", true],
      ["task.priority > 5", true],
      ["hour > 8", true], // numeric string attribute vs number, as in Twilio's currentHour example
      ['worker.team == "Blue"', true], // explicit worker scope still resolves
      ["skills == null", true], // bare names are task attributes here
      ['language IN ["en", "es"]', true],
    ],
    "task",
  );

  it("the same source means different things in each scope (cache key includes scope)", () => {
    const ctx: ExpressionContext = { worker: { level: 5 }, task: { level: 1 } };
    expect(compileExpression("level > 3", { defaultScope: "worker" })(ctx)).toBe(true);
    expect(compileExpression("level > 3", { defaultScope: "task" })(ctx)).toBe(false);
  });

  it("a missing worker or task document resolves every reference to NULL", () => {
    expect(compileExpression('type == "ticket"', { defaultScope: "task" })({ worker })).toBe(false);
    expect(compileExpression('type != "ticket"', { defaultScope: "task" })({ worker })).toBe(true);
    expect(compileExpression("worker.level > 1", { defaultScope: "task" })({ task })).toBe(false);
  });
});

describe("target expressions (no default scope: prefixes required)", () => {
  check(
    [
      ["worker.sid == task.targetWorkerSid", true],
      ['task.customer.tier == "vip" AND worker.level >= 3', true],
      ["worker.sid IN task.preferred_agents", true],
      ["1==1", true],
    ],
    undefined,
  );

  it("rejects bare attribute names", () => {
    const result = validateExpression("level >= 3 AND worker.level >= 3");
    expect(result).toEqual({ ok: false, message: expect.stringContaining("must be prefixed with 'worker.' or 'task.'"), position: 0 });
  });
});

describe("missing attributes", () => {
  const ctx: ExpressionContext = { worker: { team: "Blue" }, task: {} };
  check(
    [
      ['missing == "x"', false],
      ['missing != "x"', true], // NULL != 'x': negation of ==
      ["missing > 1", false],
      ["missing < 1", false],
      ["missing >= 0", false],
      ["missing <= 0", false],
      ['missing HAS "x"', false],
      ['missing IN ["x"]', false],
      ['missing NOT IN ["x"]', true],
      ['missing CONTAINS "x"', false],
      ["missing == null", true],
      ["missing == other_missing", true], // two NULLs are equal
      ["missing.deeper.still == null", true],
      ['team != "Red" AND missing != "Red"', true],
      ['"x" IN missing', false],
      ['"x" NOT IN missing', false], // NOT IN needs an array on the right
    ],
    "worker",
    ctx,
  );
});

describe("realistic targetWorkers and workflow expressions", () => {
  const agents: Record<string, Record<string, unknown>> = {
    alice: { skills: ["billing", "support"], languages: ["en", "es"], level: 4 },
    bob: { skills: ["sales"], languages: ["en"], level: 2 },
    carol: { skills: ["billing"], languages: ["es"], level: 3 },
    dave: {},
  };
  const eligible = (source: string) => {
    const predicate = compileExpression(source, { defaultScope: "worker" });
    return Object.keys(agents).filter((name) => predicate({ worker: agents[name] }));
  };

  it.each([
    ['skills HAS "billing" AND languages HAS "es"', ["alice", "carol"]],
    ["level >= 3", ["alice", "carol"]],
    ["1==1", ["alice", "bob", "carol", "dave"]],
    ["(skills HAS 'support') AND (languages HAS 'english')", []],
    ['skills HAS "sales" OR level > 3', ["alice", "bob"]],
    ['languages HAS "en" AND NOT_A_KEY == null', ["alice", "bob"]],
    ["level != 2", ["alice", "carol", "dave"]],
  ] as const)("%s selects %j", (source, expected) => {
    expect(eligible(source)).toEqual(expected);
  });

  it("a Flex-style target expression routes untransferred tasks to everyone but the ignored agent", () => {
    const source =
      "(task.transferTargetType == 'worker' AND task.targetSid == worker.sid) OR (task.transferTargetType != 'worker' AND worker.sid != task.ignoreAgent)";
    const predicate = compileExpression(source);
    expect(predicate({ worker: { sid: "WK1" }, task: {} })).toBe(true);
    expect(predicate({ worker: { sid: "WK1" }, task: { ignoreAgent: "WK1" } })).toBe(false);
    expect(predicate({ worker: { sid: "WK1" }, task: { transferTargetType: "worker", targetSid: "WK2" } })).toBe(false);
    expect(predicate({ worker: { sid: "WK2" }, task: { transferTargetType: "worker", targetSid: "WK2" } })).toBe(true);
  });
});

describe("compileExpression cache and validateExpression", () => {
  it("returns the same compiled function for the same scope and source", () => {
    const a = compileExpression('skills HAS "cache-test"', { defaultScope: "worker" });
    const b = compileExpression('skills HAS "cache-test"', { defaultScope: "worker" });
    const c = compileExpression('skills HAS "cache-test"', { defaultScope: "task" });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("stays bounded", () => {
    for (let i = 0; i < EXPRESSION_CACHE_LIMIT + 50; i++) compileExpression(`level == ${i}`, { defaultScope: "worker" });
    expect(expressionCacheSize()).toBeLessThanOrEqual(EXPRESSION_CACHE_LIMIT);
    expect(compileExpression("level == 7", { defaultScope: "worker" })({ worker: { level: 7 } })).toBe(true);
  });

  it("validateExpression reports ok for good input and message + position for bad input", () => {
    expect(validateExpression('skills HAS "x"', { defaultScope: "worker" })).toEqual({ ok: true });
    expect(validateExpression("skills HAS", { defaultScope: "worker" })).toEqual({
      ok: false,
      message: "Unexpected end of expression: expected a value after 'HAS' at position 10 in \"skills HAS\"",
      position: 10,
    });
  });

  it("compiled expressions are plain functions and never eval", () => {
    // A would-be code injection is just a string constant.
    const predicate = compileExpression('team == "); process.exit(1); ("', { defaultScope: "worker" });
    expect(predicate({ worker: { team: "Blue" } })).toBe(false);
  });
});

describe("parseExpression", () => {
  it("builds n-ary AND/OR nodes with AND inside OR", () => {
    expect(parseExpression("a == 1 OR b == 2 AND c[0] IN [1, 'x']", { defaultScope: "task" })).toEqual({
      kind: "or",
      operands: [
        {
          kind: "comparison",
          operator: "==",
          left: { kind: "reference", scope: "task", path: ["a"] },
          right: { kind: "literal", value: 1 },
        },
        {
          kind: "and",
          operands: [
            {
              kind: "comparison",
              operator: "==",
              left: { kind: "reference", scope: "task", path: ["b"] },
              right: { kind: "literal", value: 2 },
            },
            {
              kind: "comparison",
              operator: "IN",
              left: { kind: "reference", scope: "task", path: ["c", 0] },
              right: { kind: "array", items: [1, "x"] },
            },
          ],
        },
      ],
    });
  });

  it("accepts keywords as path segments after a dot and scope words as bare attributes", () => {
    expect(parseExpression("worker.in == 1", {})).toMatchObject({ left: { scope: "worker", path: ["in"] } });
    expect(parseExpression("task == 1", { defaultScope: "worker" })).toMatchObject({ left: { scope: "worker", path: ["task"] } });
    expect(parseExpression("worker[0] == 1", { defaultScope: "task" })).toMatchObject({ left: { scope: "task", path: ["worker", 0] } });
  });

  it("evaluates a long flat AND chain without deep recursion", () => {
    const source = Array.from({ length: 20_000 }, () => "1 == 1").join(" AND ");
    expect(compileExpression(source, { defaultScope: "worker" })({})).toBe(true);
  });
});
