/**
 * The screen's own controls, drawn with WordPress admin's styles (its CSS is
 * on every admin page), so that the screen does not load WordPress's
 * components package and the date library that comes with it.
 */
export { Button } from './Button';
export { CheckboxControl } from './CheckboxControl';
export { DropdownMenu, MenuGroup, MenuItem } from './DropdownMenu';
export { Modal } from './Modal';
export { Notice } from './Notice';
export { NoticeList } from './NoticeList';
export { ProgressBar } from './ProgressBar';
export { RadioControl } from './RadioControl';
export { SelectControl } from './SelectControl';
export { SnackbarList } from './SnackbarList';
export { Spinner } from './Spinner';
export { TabPanel } from './TabPanel';
export { TextControl } from './TextControl';
