/**
 * The Sequelize model the suite syncs: an author with one of each column shape (serial key,
 * varchar, text, int, boolean, timestamptz, numeric, jsonb, a unique column, a nullable column
 * with a default, an index) and posts that belong to it through a foreign key.
 */
import { DataTypes, type ModelStatic, type Model, type Sequelize } from 'sequelize';

export interface Models {
  readonly Author: ModelStatic<Model>;
  readonly Post: ModelStatic<Model>;
  readonly Tag: ModelStatic<Model>;
}

/**
 * `evolved` is the next version of the model, which sync({ alter: true }) must migrate to: a
 * longer varchar, int to bigint, and a new column.
 */
export function defineModels(db: Sequelize, evolved = false): Models {
  const Author = db.define(
    'Author',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      email: { type: DataTypes.STRING(120), allowNull: false, unique: true },
      name: { type: DataTypes.STRING(evolved ? 120 : 80), allowNull: false },
      bio: { type: DataTypes.TEXT, allowNull: true },
      age: { type: evolved ? DataTypes.BIGINT : DataTypes.INTEGER, allowNull: false },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      nickname: { type: DataTypes.STRING(40), allowNull: true, defaultValue: 'anon' },
      balance: { type: DataTypes.DECIMAL(12, 2), allowNull: false, defaultValue: 0 },
      profile: { type: DataTypes.JSONB, allowNull: true },
      ...(evolved ? { website: { type: DataTypes.STRING(200), allowNull: true } } : {}),
    },
    { tableName: 'sequelize_author', indexes: [{ name: 'sequelize_author_name_idx', fields: ['name'] }] },
  );
  const Post = db.define(
    'Post',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      title: { type: DataTypes.STRING(200), allowNull: false },
      views: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      publishedAt: { type: DataTypes.DATE, allowNull: true, field: 'published_at' },
    },
    { tableName: 'sequelize_post', indexes: [{ fields: ['title'] }] },
  );
  Author.hasMany(Post, { as: 'posts', foreignKey: { name: 'authorId', field: 'author_id', allowNull: false }, onDelete: 'CASCADE' });
  Post.belongsTo(Author, { as: 'author', foreignKey: { name: 'authorId', field: 'author_id', allowNull: false }, onDelete: 'CASCADE' });
  // A uuid key the client makes, a text[] column, soft deletes, and a many-to-many join table.
  const Tag = db.define(
    'Tag',
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      label: { type: DataTypes.STRING(50), allowNull: false, unique: 'sequelize_tag_label_lang' },
      lang: { type: DataTypes.CHAR(2), allowNull: false, defaultValue: 'en', unique: 'sequelize_tag_label_lang' },
      aliases: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: true },
    },
    { tableName: 'sequelize_tag', paranoid: true },
  );
  Post.belongsToMany(Tag, { through: 'sequelize_post_tags', as: 'tags', foreignKey: 'post_id', otherKey: 'tag_id' });
  Tag.belongsToMany(Post, { through: 'sequelize_post_tags', as: 'posts', foreignKey: 'tag_id', otherKey: 'post_id' });
  return { Author, Post, Tag };
}
