// The navbar's item types, plus `custom-readerSettings` (docusaurus.config.ts places it).
import ComponentTypes from '@theme-original/NavbarItem/ComponentTypes';
import ReaderSettingsControl from '../../components/ReaderSettings';

export default {
  ...ComponentTypes,
  'custom-readerSettings': ReaderSettingsControl,
};
