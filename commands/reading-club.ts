/** How `help` names the reading club's commands, listed on one line (`helpGroup`). */
export const READING_CLUB = '📖 Reading club';
