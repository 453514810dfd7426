/**
 * English function words and filler words that carry little topic: their rows in `wordpiece-bow-384` are
 * scaled down so that phrasing such as "I want to learn more about ... and how to use it" does not decide
 * which texts look alike.
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  `
  a an the this that these those there here
  i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
  who whom whose which what when where why how
  and or but nor so yet if then than because while although though whether
  of to in on at by for with from into onto about over under above below between through during
  before after against among around across along within without upon via per
  is am are was were be been being do does did doing done have has had having
  will would shall should can could may might must
  not no yes all any some each every both either neither few more most much many other such own same
  only just also very too quite rather really even still again ever
  up down out off away back further once
  want wants wanted like let lets get gets got make makes made use using used
  learn know see look find way ways thing things
  new one two well etc
`
    .trim()
    .split(/\s+/),
);
