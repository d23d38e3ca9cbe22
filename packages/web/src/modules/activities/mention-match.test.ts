import { describe, expect, it } from 'vitest';
import { matchUsers, mentionQuery } from './mention-match';

const people = [
  { first_name: 'Иван', last_name: 'Петров', username: 'sales1' },
  { first_name: 'Ольга', last_name: 'Кузнецова', username: 'manager' },
  { first_name: 'Li', last_name: 'Wei', username: 'marketing' },
];

describe('mentions', () => {
  it('finds the @word being typed before the caret', () => {
    expect(mentionQuery('Привет @Ива', 11)).toEqual({ start: 7, query: 'Ива' });
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('mail@example', 12)).toBeNull();
    expect(mentionQuery('@Ива и дальше', 13)).toBeNull();
  });
  it('matches people by the start of their name, surname or login, in any case', () => {
    expect(matchUsers(people, 'ива').map((u) => u.username)).toEqual(['sales1']);
    expect(matchUsers(people, 'кузн').map((u) => u.username)).toEqual(['manager']);
    expect(matchUsers(people, 'wei').map((u) => u.username)).toEqual(['marketing']);
    expect(matchUsers(people, 'man').map((u) => u.username)).toEqual(['manager']);
    expect(matchUsers(people, '')).toHaveLength(3);
  });
});
