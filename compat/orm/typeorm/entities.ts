/**
 * The TypeORM model the suite synchronizes: an author with one of each column shape ORMs emit
 * (identity and serial keys, varchar, text, int, boolean, timestamptz, numeric, jsonb, a unique
 * column, a nullable column with a default) and posts that reference it through a foreign key,
 * with an index. EntitySchema rather than decorators: the test files are compiled without
 * `experimentalDecorators`.
 */
import { EntitySchema } from 'typeorm';

export interface Author {
  id: number;
  email: string;
  name: string;
  bio: string | null;
  age: number;
  active: boolean;
  nickname: string | null;
  joinedAt: Date;
  balance: string;
  profile: Record<string, unknown> | null;
  website?: string | null;
  posts?: Post[];
}

export interface Post {
  id: number;
  title: string;
  views: number;
  updatedAt?: Date;
  deletedAt?: Date | null;
  revision?: number;
  author?: Author;
  tags?: Tag[];
}

export interface Tag {
  id: string;
  label: string;
  lang: string;
  posts?: Post[];
}

/** TypeORM's EntitySchema types leave out 'identity', which its transformer passes on as @PrimaryGeneratedColumn('identity') does. */
const IDENTITY = 'identity' as unknown as 'increment';

/**
 * The author table; `evolved` is the next version of the model (a new column, a comment, a
 * changed default, a composite unique index) that a later synchronize must migrate to.
 */
export function authorEntity(evolved: boolean): EntitySchema<Author> {
  return new EntitySchema<Author>({
    name: 'Author',
    tableName: 'typeorm_author',
    columns: {
      id: { type: 'int', primary: true, generated: IDENTITY },
      email: { type: 'varchar', length: 120, unique: true },
      name: { type: 'varchar', length: 80 },
      bio: { type: 'text', nullable: true, comment: evolved ? 'what they did' : undefined },
      age: { type: 'int' },
      active: { type: 'boolean', default: true },
      nickname: { type: 'varchar', length: 40, nullable: true, default: evolved ? 'friend' : 'anon' },
      joinedAt: { type: 'timestamptz', name: 'joined_at', createDate: true },
      balance: { type: 'numeric', precision: 12, scale: 2, default: 0 },
      profile: { type: 'jsonb', nullable: true },
      ...(evolved ? { website: { type: 'varchar', length: 200, nullable: true } } : {}),
    },
    relations: {
      posts: { type: 'one-to-many', target: 'Post', inverseSide: 'author' },
    },
    indices: evolved ? [{ name: 'typeorm_author_name_age_key', columns: ['name', 'age'], unique: true }] : [],
  });
}

export const PostEntity = new EntitySchema<Post>({
  name: 'Post',
  tableName: 'typeorm_post',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    title: { type: 'varchar', length: 200 },
    views: { type: 'int', default: 0 },
    updatedAt: { type: 'timestamptz', name: 'updated_at', updateDate: true },
    deletedAt: { type: 'timestamptz', name: 'deleted_at', deleteDate: true, nullable: true },
    revision: { type: 'int', version: true },
  },
  relations: {
    author: { type: 'many-to-one', target: 'Author', inverseSide: 'posts', joinColumn: { name: 'author_id' }, onDelete: 'CASCADE', nullable: false },
    tags: { type: 'many-to-many', target: 'Tag', inverseSide: 'posts', joinTable: { name: 'typeorm_post_tags' } },
  },
  indices: [{ name: 'typeorm_post_title_idx', columns: ['title'] }],
  checks: [{ name: 'typeorm_post_views_check', expression: '"views" >= 0' }],
});

/** A uuid key TypeORM generates in the database, a composite unique, and the other side of a many-to-many. */
export const TagEntity = new EntitySchema<Tag>({
  name: 'Tag',
  tableName: 'typeorm_tag',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    label: { type: 'varchar', length: 50 },
    lang: { type: 'char', length: 2, default: 'en' },
  },
  relations: {
    posts: { type: 'many-to-many', target: 'Post', inverseSide: 'tags' },
  },
  uniques: [{ name: 'typeorm_tag_label_lang', columns: ['label', 'lang'] }],
});
