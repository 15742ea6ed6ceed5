import { distinctNames, problemRandom, shuffled } from "./agents-names.js";

const genres = [
  "crime drama",
  "science fiction",
  "romantic comedy",
  "horror",
  "western",
  "musical",
  "war",
  "animated",
];
const filmCount = 8;
/** How many of the eight films share the genre the answer must match. */
const sharedCount = 5;
const letters = ["A", "B", "C", "D"];

/**
 * A movie-recommendation-like question: eight independent searches (one per film), then the one option that fits
 * what most of the films have in common.
 */
export function movieProblem(index) {
  const random = problemRandom("movies", index);
  const [shared, ...others] = shuffled(random, genres);
  const titles = distinctNames(random, filmCount + letters.length).map((name) => `The ${name}`);
  const films = titles.slice(0, filmCount);
  const filmGenres = shuffled(random, [
    ...Array.from({ length: sharedCount }, () => shared),
    ...others.slice(0, filmCount - sharedCount),
  ]);
  const options = titles.slice(filmCount);
  const answerIndex = random.integer(letters.length);
  // The model knows the options; it needs the searches only for the eight films.
  const optionGenres = options.map((_, optionIndex) =>
    optionIndex === answerIndex ? shared : (others[optionIndex] ?? others[0]),
  );
  const encyclopedia = new Map(
    films.map((title, filmIndex) => [
      title,
      `${title} (${1960 + random.integer(60)}) is a ${filmGenres[filmIndex]} film that won ${1 + random.integer(4)} festival awards.`,
    ]),
  );
  const readGenre = (content) => /is an? (.+?) film/.exec(content)?.[1];
  const answer = (readGenres) => {
    const [commonest] = commonestGenre(readGenres);
    const optionIndex = optionGenres.indexOf(commonest);
    if (optionIndex === -1) return "None of the options is like these films.";
    return `(${letters[optionIndex]}) ${options[optionIndex]}`;
  };
  const keys = films.map((_, filmIndex) => `film${filmIndex + 1}`);
  return {
    workload: "movies",
    index,
    question: `Find a movie similar to ${films.join(", ")}. Options: ${options.map((title, optionIndex) => `(${letters[optionIndex]}) ${title}`).join(" ")}`,
    encyclopedia,
    steps: films.map((title, filmIndex) => ({
      key: keys[filmIndex],
      tool: "search",
      needs: [],
      args: () => ({ query: title }),
      planArgs: () => JSON.stringify(title),
      read: readGenre,
      thought: (values) =>
        filmIndex === 0
          ? `Thought: To find a similar movie I need to know what these eight films have in common. I will search each of them, starting with ${title}.`
          : `Thought: ${films[filmIndex - 1]} is a ${values.get(keys[filmIndex - 1])} film. Next I will search ${title}.`,
    })),
    planOrder: keys,
    plannerThought:
      "Thought: I need the genre of each of the eight films; all eight searches can run at once.",
    joinerThought: (values) => {
      const [genre, count] = commonestGenre(keys.map((key) => values.get(key)));
      return `Thought: ${count} of the eight films are ${genre} films, and only one of the options is a ${genre} film.`;
    },
    answer: (values) => answer(keys.map((key) => values.get(key))),
    expectedAnswer: answer(filmGenres),
  };
}

/** The genre most of the films have, and how many have it. */
function commonestGenre(filmGenres) {
  const counts = new Map();
  for (const genre of filmGenres) counts.set(genre, (counts.get(genre) ?? 0) + 1);
  return [...counts].sort((left, right) => right[1] - left[1])[0];
}
