import { Table, VisuallyHidden } from '@mantine/core'
import type { ReactElement, ReactNode } from 'react'
import classes from './DataTable.module.css'

/**
 * A bordered, scrollable table with a caption for screen readers and a header row of column
 * titles (scope="col"); the rows are the caller's <Table.Tr>s, each led by its own row header.
 */
export function DataTable(p: {
  caption: string
  columns: readonly string[]
  children: ReactNode
  highlightOnHover?: boolean
  stickyHeader?: boolean
}): ReactElement {
  return (
    <div className={classes.tableWrap}>
      <Table striped highlightOnHover={p.highlightOnHover} stickyHeader={p.stickyHeader} className={classes.table}>
        <VisuallyHidden component="caption">{p.caption}</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            {p.columns.map((title, i) => (
              <Table.Th key={i} scope="col">
                {title}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{p.children}</Table.Tbody>
      </Table>
    </div>
  )
}
