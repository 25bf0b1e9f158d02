/**
 * Function words of English and Russian (accent-folded: "её" is "ее") that carry no search
 * intent. Shared by the local embedder and the lexical query builder so both ignore the same words.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an the and or but of to in on at for with from by as is are was were be been it its this that these those " +
    "i you he she we they me my your our their do does did have has had not no can will would should could " +
    "what which who how when where there here if so than then too very just about into over also any some " +
    "и в во на с со к ко по о об от до из за для у же ли не ни но а или да как что это этот эта эти то так " +
    "вы мы он она они я ты мне вам нам его ее их был была были быть есть бы уже еще при без над под про чем"
  ).split(" "),
);
