/**
 * Whether the shopper asks to talk to a person rather than the assistant ("can I speak to a
 * human?", "позовите оператора"). Kept narrow: "person" alone ("a gift for a person") is not enough.
 */
const EN = /\b(?:(?:talk|speak|chat|connect)\s+(?:me\s+)?(?:to|with)\s+(?:a\s+|an\s+|the\s+|your\s+|some\s*one\s+|somebody\s+)?(?:real\s+|live\s+)?(?:human|person|agent|operator|manager|someone|somebody|staff|support)|(?:real|live)\s+(?:human|person|agent)|human\s+(?:agent|being|please)|customer\s+service\s+(?:agent|rep)|call\s+(?:me\s+)?back)\b/i;
const RU = /(?:оператор|жив(?:ой|ого|ому|ым)\s+(?:человек|консультант|менеджер)|(?:позовите|позвать|соедините|связаться\s+с|поговорить\s+с|хочу\s+к)\s+(?:с\s+)?(?:человек|менеджер|консультант|оператор|сотрудник|продавц)|перезвоните)/i;

export function asksForPerson(message: string): boolean {
  return EN.test(message) || RU.test(message);
}
