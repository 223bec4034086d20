"""GnuBoard5's tables, cut down to the columns the importer reads (types as in GnuBoard's
``install/gnuboard5.sql``): the import tests and the import benchmark (bench/importer.py)
build their MariaDB sources from these."""

SCHEMA = [
    """CREATE TABLE g5_board (
      bo_table varchar(20) NOT NULL PRIMARY KEY, gr_id varchar(255) NOT NULL DEFAULT '',
      bo_subject varchar(255) NOT NULL, bo_order int NOT NULL DEFAULT 0, bo_use_category tinyint NOT NULL DEFAULT 0,
      bo_category_list text NOT NULL, bo_notice text NOT NULL, bo_count_write int NOT NULL DEFAULT 0,
      bo_count_comment int NOT NULL DEFAULT 0) DEFAULT CHARSET=utf8mb3""",
    """CREATE TABLE g5_board_file (
      bo_table varchar(20) NOT NULL, wr_id int NOT NULL, bf_no int NOT NULL, bf_source varchar(255) NOT NULL,
      bf_file varchar(255) NOT NULL, bf_download int NOT NULL DEFAULT 0, bf_content text NOT NULL,
      bf_filesize int NOT NULL DEFAULT 0, bf_width int NOT NULL DEFAULT 0, bf_height smallint NOT NULL DEFAULT 0,
      bf_type tinyint NOT NULL DEFAULT 0, bf_datetime datetime NOT NULL,
      PRIMARY KEY (bo_table, wr_id, bf_no)) DEFAULT CHARSET=utf8mb3""",
    """CREATE TABLE g5_member (mb_no int NOT NULL AUTO_INCREMENT PRIMARY KEY, mb_id varchar(20) NOT NULL UNIQUE,
      mb_nick varchar(255) NOT NULL) DEFAULT CHARSET=utf8mb3""",
]


def write_table(bo_table: str) -> str:
    return f"""CREATE TABLE g5_write_{bo_table} (
      wr_id int NOT NULL AUTO_INCREMENT PRIMARY KEY, wr_num int NOT NULL DEFAULT 0, wr_reply varchar(10) NOT NULL DEFAULT '',
      wr_parent int NOT NULL DEFAULT 0, wr_is_comment tinyint NOT NULL DEFAULT 0, wr_comment int NOT NULL DEFAULT 0,
      wr_comment_reply varchar(5) NOT NULL DEFAULT '', ca_name varchar(255) NOT NULL DEFAULT '',
      wr_option set('html1','html2','secret','mail') NOT NULL DEFAULT '', wr_subject varchar(255) NOT NULL,
      wr_content mediumtext NOT NULL, wr_seo_title varchar(255) NOT NULL DEFAULT '', wr_link1 text NOT NULL DEFAULT '',
      wr_link2 text NOT NULL DEFAULT '', wr_hit int NOT NULL DEFAULT 0, mb_id varchar(20) NOT NULL DEFAULT '',
      wr_name varchar(255) NOT NULL DEFAULT '', wr_datetime datetime NOT NULL, wr_file tinyint NOT NULL DEFAULT 0,
      wr_last varchar(19) NOT NULL DEFAULT '', KEY wr_num_reply_parent (wr_num, wr_reply, wr_parent),
      KEY wr_is_comment (wr_is_comment, wr_id)) DEFAULT CHARSET=utf8mb3"""
